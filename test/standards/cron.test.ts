import { cronScheduleProblem } from '../../src/standards/cron';

describe('cronScheduleProblem', () => {
  test.each([
    '* * * * *', '0 0 * * *', '*/5 * * * *', '0 9-17/2 * * MON-FRI', '0 0 1,15 * *', '30 2 * JAN,JUL *',
    '0 0 * jan-dec sun-sat', '0 0 ? * 0', '0 0 29 2 *', '0 0 31 1-12 *', '0 0 31 2 1', '  0  0 * * *  ', '5/15 * * * *',
    '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly',
  ])('accepts %p', schedule => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  test.each([
    ['60 * * * *', 'minute "60": 60 is outside 0-59'],
    ['* * * * 7', 'day of week "7": 7 is outside 0-6'],
    ['* * * * SUN-7', 'day of week "SUN-7": 7 is outside 0-6'],
    ['* * 32 * *', 'day of month "32": 32 is outside 1-31'],
    ['* * * 0 *', 'month "0": 0 is outside 1-12'],
    ['* * * * MONDAY', 'day of week "MONDAY": "MONDAY" is neither a number 0-6 nor one of SUN, MON, TUE, WED, THU, FRI, SAT'],
    ['1,,2 * * * *', 'minute "1,,2": has an empty list entry'],
    ['1-2-3 * * * *', 'minute "1-2-3": "1-2-3" is not a value, a range "a-b", "*" or a step "*/n"'],
    ['*/2/3 * * * *', 'minute "*/2/3": "*/2/3" has more than one "/"'],
    ['*/x * * * *', 'minute "*/x": "*/x": the step must be a whole number, 1 or more'],
    ['? * * * *', 'minute "?": "?" is not a number 0-59'],
    ['0 0 30 2 *', 'never fires: day of month "30" does not occur in month "2"'],
    ['0 0 31 4,6,9,11 *', 'never fires: day of month "31" does not occur in month "4,6,9,11"'],
    ['* * * * * *', 'has 6 fields; a schedule has five: minute, hour, day of month, month, day of week'],
    ['@reboot', '"@reboot" is not one of the macros @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly'],
    ['CRON_TZ=UTC 0 0 * * *', 'sets a time zone in the schedule, which the API server refuses'],
    ['   ', 'is empty'],
  ])('refuses %p', (schedule, problem) => {
    expect(cronScheduleProblem(schedule)).toBe(problem);
  });
});
