import ExcelJS from 'exceljs';
import type { MonthlyRecap } from './monthly';
import { recapTable } from './table';

/** The rekap as a workbook Excel and LibreOffice open without a repair prompt: one sheet, a frozen header, the totals row bold. */
export async function recapWorkbook(recap: MonthlyRecap): Promise<Buffer> {
  const { header, rows, totals } = recapTable(recap);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Absensi Live';
  const sheet = workbook.addWorksheet(`Rekap ${recap.month}`, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.addRow(totals).font = { bold: true };
  sheet.getColumn(1).width = 12;
  sheet.getColumn(2).width = 28;
  sheet.getColumn(3).width = 14;
  for (let i = 4; i < 4 + recap.days.length; i++) sheet.getColumn(i).width = 5;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
