export { COUNTRIES, COUNTRY_CODES, isCountry, type Country, type CountryDefinition } from './countries.js';
export { EXTRA_DAY_REASON, publicHolidays } from './calendar.js';
export { isDateInputString, type DateInput } from './days.js';
export {
  DUTCH_MONTHS,
  DUTCH_WEEKDAYS,
  dutchWeekday,
  formatDutchDate,
  formatDutchDateWithoutYear,
  type DutchDateOptions,
} from './dutch.js';
export {
  DEADLINE_LIMITS,
  SOON_CALENDAR_DAYS,
  URGENT_WORKING_DAYS,
  addWorkingDays,
  calendarDaysBetween,
  computeDeadlines,
  daysLeft,
  isWorkingDay,
  localDate,
  urgencyOf,
  urgentUntil,
  type DateExplanation,
  type DateShift,
  type DaysLeft,
  type DeadlineExplanations,
  type DeadlineInput,
  type Deadlines,
  type Urgency,
} from './deadlines.js';
