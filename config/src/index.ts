export { type ConfigProblem, formatProblems } from './problems.js';
export { CONFIG_DIR_ENV, DEFAULT_CONFIG_DIR } from './config-dir.js';
export {
  type AgentEnv,
  type CentralEnv,
  AgentEnvSchema,
  CentralEnvSchema,
  DEFAULT_CENTRAL_DATA_DIR,
  parseEnvironment,
  resolveConfigDir,
} from './environment.js';
export {
  type ConfigKind,
  type ConfigKinds,
  type ConfigOf,
  CONFIG_KINDS,
  CONFIG_SCHEMAS,
  isConfigKind,
  validateConfig,
} from './validate.js';
export {
  type TerminalConfigSet,
  kindFromFileName,
  loadConfigFile,
  loadTerminalConfig,
} from './load.js';
export { type ServiceWindow, type TerminalConfig, TerminalConfigSchema } from './terminal.js';
export {
  BAUD_RATES,
  type CounterCallersConfig,
  type CounterDisplaysConfig,
  type DeviceTransport,
  type DevicesConfig,
  type DevicesProfile,
  type HidAdapterName,
  type IdCardReaderTransport,
  type ScannerHidAdapterName,
  type ScannerTransport,
  HID_ADAPTERS,
  DeviceTransportSchema,
  DevicesConfigSchema,
  PRINTER_SETTING_KEYS,
} from './devices.js';
export {
  type ResidentCatalogue,
  type Service,
  type ServiceCatalogue,
  ServiceCatalogueSchema,
  residentCatalogue,
  catalogueInitials,
} from './services.js';
export {
  type CommunitiesConfig,
  type Community,
  type CommunityKind,
  CommunitiesConfigSchema,
  streetCodeOf,
} from './communities.js';
export { type CallingRules, type Counter } from './counters.js';
export { hashCounterPin, isTrivialPin, verifyCounterPin } from './counter-pin.js';
export { writeCounterPin } from './counter-pin-file.js';
export { type LedTextEncoding, type SpeechConfig, unlistedCounters } from './counter-devices.js';
export { loadCommunityFiles } from './communities-files.js';
export { type Closure, type WeeklyHours } from './service-hours.js';
export {
  type ClosedDays,
  type HoursAt,
  closedDayReason,
  hoursAt,
  openMinutesOn,
  weekdayOf,
} from './service-calendar.js';
export {
  DEFAULT_SERVICE_HOURS,
  LEVEL_BY_CODE_LENGTH,
  type Region,
  type RegionLevel,
  type RegionsConfig,
  RegionsConfigSchema,
} from './regions.js';
export {
  type TechnicianAccount,
  type TechnicianRole,
  type TechniciansConfig,
  TECHNICIAN_ROLES,
  TechniciansConfigSchema,
} from './technicians.js';
export { type RemoteParts, validateRemoteParts } from './remote-parts.js';
