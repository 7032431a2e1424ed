/** The dashboard of the agent workspace (`/ui/dashboard`): figures per month, a bar chart and tables. */
import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { sendHtml, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { layoutFor, Views } from '../http/views.js';
import { channelText, rightText } from './view-models.js';
import { RIGHTS } from '../requests/request.types.js';
import { addMonths, barChart, dashboardEndMonth, DASHBOARD_FIRST_MONTH, DASHBOARD_MONTHS, dutchNumber, monthEndDate, dutchPercentage, monthLabel, shortMonthLabel, type DashboardFigures, type MonthFigures } from '../register/dashboard.js';
import { DashboardService } from '../register/dashboard.service.js';
import { InboxService } from '../inbox/inbox.service.js';

/** What the dashboard template shows (pure); `error` explains a period that could not be shown as asked. */
export function dashboardView(figures: DashboardFigures & { today: string }, error: string | null = null) {
  const all = [...figures.months, figures.total];
  const rights = RIGHTS.filter((r) => all.some((m) => m.byRight[r] > 0));
  const channels = [...new Set(all.flatMap((m) => Object.keys(m.byChannel)))].sort();
  const row = (m: MonthFigures, label: string) => ({
    label,
    received: m.received,
    forward: dutchNumber(m.medianDaysToForward),
    forwarded: m.forwarded,
    decision: dutchNumber(m.medianDaysToDecision),
    decided: m.decided,
    share: dutchPercentage(m.shareWithinDeadline),
    within: m.withinDeadline,
    judged: m.withinDeadline + m.pastDeadline,
    overdue: m.overdueNow,
    rights: rights.map((r) => m.byRight[r]),
    channels: channels.map((c) => m.byChannel[c] ?? 0),
  });
  const first = figures.months[0].month;
  const last = figures.months[figures.months.length - 1].month;
  const period = `${monthLabel(first)} tot en met ${monthLabel(last)}`;
  const current = figures.today.slice(0, 7);
  const earlier = addMonths(last, -DASHBOARD_MONTHS);
  const later = [addMonths(last, DASHBOARD_MONTHS), current].sort()[0];
  return {
    period,
    error,
    // The period choice: the last month shown, and the twelve months before or after it.
    until: last,
    firstMonth: DASHBOARD_FIRST_MONTH,
    currentMonth: current,
    earlier: earlier >= DASHBOARD_FIRST_MONTH ? { month: earlier, label: monthLabel(earlier) } : null,
    later: last < current ? { month: later, label: monthLabel(later), latest: later === current } : null,
    // The same period in the accountability register (its export form, filled in).
    register: { from: `${first}-01`, to: last === current ? figures.today : monthEndDate(last) },
    overdueNowAll: figures.overdueNowAll,
    totalReceived: figures.total.received,
    chart: {
      title: `Ontvangen verzoeken per maand, ${period}`,
      desc: figures.months.map((m) => `${monthLabel(m.month)}: ${m.received}`).join('; '),
      ...barChart(figures.months.map((m) => ({ label: shortMonthLabel(m.month), value: m.received }))),
    },
    rows: figures.months.map((m) => row(m, monthLabel(m.month))).reverse(),
    total: row(figures.total, 'Totaal'),
    rightHeaders: rights.map(rightText),
    channelHeaders: channels.map(channelText),
  };
}

@Controller('ui/dashboard')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class DashboardUiController {
  constructor(
    private readonly views: Views,
    private readonly dashboard: DashboardService,
    private readonly inbox: InboxService,
  ) {}

  @Get()
  async page(@Query('tot') tot: unknown, @Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const today = this.dashboard.today();
    const end = dashboardEndMonth(tot, today);
    const view = { ...dashboardView(await this.dashboard.figures({ until: end.month, today }), end.error), discardedMails: await this.inbox.discardedCount() };
    sendHtml(res, this.views.render('dashboard', view, layoutFor(req.ui, 'Dashboard', 'dashboard')));
  }
}
