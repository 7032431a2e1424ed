/** The dashboard's figures from aggregate rows: months, medians from histograms, shares, the chart's geometry. */
import { addMonths, barChart, dashboardEndMonth, dashboardFigures, dutchNumber, dutchPercentage, histogramMedian, lastMonths, monthEndDate, type DashboardRow } from '../../../src/register/dashboard.js';
import { dashboardView } from '../../../src/agent-ui/dashboard.controller.js';

describe('dashboard figures', () => {
  it('takes the last twelve months up to this one, across the turn of the year', () => {
    expect(lastMonths('2025-02-14')).toEqual([
      '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02',
    ]);
    expect(lastMonths('2025-12-31', 3)).toEqual(['2025-10', '2025-11', '2025-12']);
  });

  it('takes the median of a histogram: the middle value, or the mean of the two middle ones', () => {
    expect(histogramMedian(new Map())).toBeNull();
    expect(histogramMedian(new Map([[3, 1]]))).toBe(3);
    // 0, 1, 1, 9 → (1 + 1) / 2
    expect(histogramMedian(new Map([[9, 1], [0, 1], [1, 2]]))).toBe(1);
    // 2, 2, 2, 10, 30, 30 → (2 + 10) / 2
    expect(histogramMedian(new Map([[30, 2], [2, 3], [10, 1]]))).toBe(6);
    // 1, 5 → 3
    expect(histogramMedian(new Map([[1, 1], [5, 1], [7, 0]]))).toBe(3);
  });

  // March: 5 requests (4 by helpdesk, 1 by e-mail; one asks for two rights); forwarded after 0, 1, 1, 4 days;
  // decided after 3, 8 days; 3 met and 1 missed their deadline; 1 overdue now. April: nothing. May: one open request.
  const rows: DashboardRow[] = [
    { kind: 'channel', month: '2025-03', key: 'helpdesk', n: 4 },
    { kind: 'channel', month: '2025-03', key: 'email', n: 1 },
    { kind: 'right', month: '2025-03', key: 'access', n: 4 },
    { kind: 'right', month: '2025-03', key: 'erasure', n: 2 },
    { kind: 'forwardDays', month: '2025-03', key: '0', n: 1 },
    { kind: 'forwardDays', month: '2025-03', key: '1', n: 2 },
    { kind: 'forwardDays', month: '2025-03', key: '4', n: 1 },
    { kind: 'decisionDays', month: '2025-03', key: '3', n: 1 },
    { kind: 'decisionDays', month: '2025-03', key: '8', n: 1 },
    { kind: 'deadline', month: '2025-03', key: 'met', n: 3 },
    { kind: 'deadline', month: '2025-03', key: 'missed', n: 1 },
    { kind: 'overdue', month: '2025-03', key: null, n: 1 },
    { kind: 'channel', month: '2025-05', key: 'phone', n: 1 },
    { kind: 'right', month: '2025-05', key: 'objection', n: 1 },
    { kind: 'forwardDays', month: '2025-05', key: '7', n: 1 },
    // Outside the period (received long ago, still open): only in the overall overdue count.
    { kind: 'channel', month: '2023-01', key: 'letter', n: 9 },
    { kind: 'overdueAll', month: null, key: null, n: 4 },
  ];
  const months = lastMonths('2025-05-20', 3);

  it('computes per month: received by right and channel, medians, the share within the deadline, overdue now', () => {
    const f = dashboardFigures(rows, months);
    expect(f.months.map((m) => m.month)).toEqual(['2025-03', '2025-04', '2025-05']);
    const [march, april, may] = f.months;
    expect(march).toMatchObject({
      received: 5,
      byChannel: { helpdesk: 4, email: 1 },
      forwarded: 4,
      medianDaysToForward: 1,
      decided: 2,
      medianDaysToDecision: 5.5,
      withinDeadline: 3,
      pastDeadline: 1,
      shareWithinDeadline: 0.75,
      overdueNow: 1,
    });
    expect(march.byRight).toMatchObject({ access: 4, erasure: 2, objection: 0 });
    expect(april).toMatchObject({ received: 0, medianDaysToForward: null, shareWithinDeadline: null, overdueNow: 0 });
    expect(may).toMatchObject({ received: 1, medianDaysToForward: 7, medianDaysToDecision: null, shareWithinDeadline: null });
  });

  it('takes the period\'s median over all forwarded requests, not the median of the monthly medians', () => {
    const f = dashboardFigures(rows, months);
    // 0, 1, 1, 4, 7 → 1 (the monthly medians 1 and 7 would give 4).
    expect(f.total).toMatchObject({ received: 6, forwarded: 5, medianDaysToForward: 1, medianDaysToDecision: 5.5, shareWithinDeadline: 0.75, overdueNow: 1 });
    expect(f.total.byChannel).toEqual({ helpdesk: 4, email: 1, phone: 1 });
    expect(f.overdueNowAll).toBe(4);
  });

  it('shows Dutch numbers and percentages, and a dash without data', () => {
    expect(dutchNumber(5.5)).toBe('5,5');
    expect(dutchNumber(2)).toBe('2');
    expect(dutchNumber(null)).toBe('–');
    expect(dutchPercentage(0.75)).toBe('75%');
    expect(dutchPercentage(2 / 3)).toBe('67%');
    expect(dutchPercentage(null)).toBe('–');
  });

  it('scales the bars to a round maximum and keeps every bar inside the chart', () => {
    const chart = barChart([{ label: 'jan', value: 0 }, { label: 'feb', value: 7 }, { label: 'mrt', value: 14 }]);
    expect(chart.gridlines.map((g) => g.value)).toEqual([5, 10, 15, 20]);
    const [jan, feb, mrt] = chart.bars;
    expect(jan.height).toBe(0);
    expect(mrt.height).toBeCloseTo(feb.height * 2, 0);
    for (const b of chart.bars) {
      expect(b.y + b.height).toBeCloseTo(chart.baseline, 5);
      expect(b.x + b.width).toBeLessThanOrEqual(chart.width);
      expect(b.y).toBeGreaterThanOrEqual(0);
    }
    expect(barChart([{ label: 'jan', value: 0 }]).gridlines.map((g) => g.value)).toEqual([1, 2, 3, 4]);
  });

  it('builds the page: newest month first, only rights and channels that occur, Dutch labels', () => {
    const view = dashboardView({ ...dashboardFigures(rows, months), today: '2025-05-20' });
    expect(view.period).toBe('maart 2025 tot en met mei 2025');
    expect(view.rows.map((r) => r.label)).toEqual(['mei 2025', 'april 2025', 'maart 2025']);
    expect(view.rows[2]).toMatchObject({ received: 5, forward: '1', decision: '5,5', share: '75%', within: 3, judged: 4, overdue: 1 });
    expect(view.rightHeaders).toEqual(['inzage (art. 15 AVG)', 'wissing (art. 17 AVG)', 'bezwaar (art. 21 lid 1 AVG)']);
    expect(view.rows[2].rights).toEqual([4, 2, 0]);
    expect(view.channelHeaders).toEqual(['E-mail', 'Helpdesk', 'Telefoon']);
    expect(view.total.channels).toEqual([1, 4, 1]);
    expect(view.chart.desc).toBe('maart 2025: 5; april 2025: 0; mei 2025: 1');
    // Up to this month: an earlier year to go to, no later one; the register link covers the same days.
    expect(view).toMatchObject({ until: '2025-05', currentMonth: '2025-05', earlier: { month: '2024-05', label: 'mei 2024' }, later: null });
    expect(view.register).toEqual({ from: '2025-03-01', to: '2025-05-20' });
  });

  it('offers the year after an earlier period, never past this month, and the register of whole months', () => {
    const view = dashboardView({ ...dashboardFigures(rows, months), today: '2025-09-02' });
    expect(view.later).toEqual({ month: '2025-09', label: 'september 2025', latest: true });
    expect(view.register).toEqual({ from: '2025-03-01', to: '2025-05-31' });
    const longAgo = dashboardView({ ...dashboardFigures([], lastMonths('2023-02-01')), today: '2025-09-02' });
    expect(longAgo.later).toEqual({ month: '2024-02', label: 'februari 2024', latest: false });
  });
});

describe('the dashboard period', () => {
  it('moves by months across years, and knows the last day of a month', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2024-12', 13)).toBe('2026-01');
    expect(monthEndDate('2024-02')).toBe('2024-02-29');
    expect(monthEndDate('2025-12')).toBe('2025-12-31');
  });

  it('ends with this month unless another past month is asked, and says in Dutch why it could not follow the choice', () => {
    expect(dashboardEndMonth(undefined, '2025-06-15')).toEqual({ month: '2025-06', error: null });
    expect(dashboardEndMonth('', '2025-06-15')).toEqual({ month: '2025-06', error: null });
    expect(dashboardEndMonth('2024-12', '2025-06-15')).toEqual({ month: '2024-12', error: null });
    expect(dashboardEndMonth('2025-07', '2025-06-15')).toEqual({ month: '2025-06', error: expect.stringContaining('in de toekomst') });
    expect(dashboardEndMonth('2025-13', '2025-06-15')).toEqual({ month: '2025-06', error: expect.stringContaining('jjjj-mm') });
    expect(dashboardEndMonth(['2025-01'], '2025-06-15')).toEqual({ month: '2025-06', error: expect.stringContaining('jjjj-mm') });
    expect(dashboardEndMonth('2017-01', '2025-06-15')).toEqual({ month: '2018-05', error: expect.stringContaining('tot en met mei 2018') });
    expect(dashboardEndMonth('2018-05', '2025-06-15')).toEqual({ month: '2018-05', error: null });
  });
});
