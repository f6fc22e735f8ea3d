import Alpine from '@alpinejs/csp';
import { absences } from './components/absences';
import { adminShell } from './components/admin-shell';
import { alertChannels } from './components/alert-channels';
import { alertDeliveries } from './components/alert-deliveries';
import { app } from './components/app';
import { attendanceAudit } from './components/attendance-audit';
import { attendanceEditor } from './components/attendance-editor';
import { corrections } from './components/corrections';
import { deviceAvailability } from './components/device-availability';
import { deviceDetail } from './components/device-detail';
import { devicePunches } from './components/device-punches';
import { devices } from './components/devices';
import { employeePage } from './components/employee-page';
import { employees } from './components/employees';
import { history } from './components/history';
import { holidays } from './components/holidays';
import { kiosk } from './components/kiosk';
import { login } from './components/login';
import { myAbsences } from './components/my-absences';
import { myCorrections } from './components/my-corrections';
import { recap } from './components/recap';
import { today } from './components/today';
import { tokenDialog } from './components/token-dialog';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/data.css';
import './styles/status.css';
import './styles/dialog.css';
import './styles/punch.css';
import './styles/operations.css';
import './styles/alerts.css';
import './styles/kiosk.css';

const components = {
  app,
  login,
  adminShell,
  today,
  history,
  attendanceEditor,
  attendanceAudit,
  corrections,
  holidays,
  absences,
  devices,
  deviceDetail,
  deviceAvailability,
  devicePunches,
  tokenDialog,
  alertChannels,
  alertDeliveries,
  employees,
  employeePage,
  myAbsences,
  myCorrections,
  recap,
  kiosk,
};
for (const [name, factory] of Object.entries(components)) Alpine.data(name, factory);

Alpine.start();
