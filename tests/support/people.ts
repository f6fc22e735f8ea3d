import { DEMO_EMPLOYEE_NAMES } from '../../workers/cli/demo-data';

/** The demo seed's people as employees EMP001…, as the screenshots show them; web login <code>@test.local / this. */
export const EMPLOYEE_PASSWORD = 'employee-pass-1';
export const PEOPLE = DEMO_EMPLOYEE_NAMES;
export const employeeCode = (index: number) => `EMP${String(index + 1).padStart(3, '0')}`;
