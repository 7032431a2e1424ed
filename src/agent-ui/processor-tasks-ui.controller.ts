/**
 * The "Verwerkersopdrachten" forms of the request page: raise a concern, record the controller's
 * answer, upload an export (multipart, memory storage, EXPORT_MAX_MB) and complete the task. The
 * completion is the request event INSTRUCTION_DONE, validated by the API's schema and checked by
 * the same precondition as the API (task-completion.ts); a refusal shows a Dutch page.
 */
import {
  CallHandler,
  Controller,
  HttpException,
  Injectable,
  Param,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { actorOf } from '../http/views.js';
import { senderOf } from './ui.controller.js';
import { list, str, type FormBody } from './forms.js';
import { assertFormCsrf, UI_PATH, UiAccessLevel, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { ProblemException, ValidationProblem } from '../common/problem.js';
import { RequestCommands, ROW_REPLY } from '../requests/request-commands.js';
import { RequestsService } from '../requests/requests.service.js';
import { completionRefusalText } from '../processor-tasks/processor-task.rules.js';
import { ProcessorTasksService, TaskActionProblem, type UploadedFile as Upload } from '../processor-tasks/processor-tasks.service.js';
import { COMPLETION_REFUSED } from '../processor-tasks/task-completion.js';

const TITLE = 'Verwerkersopdracht niet vastgelegd';

/** Multer's "too large" (413) and other upload errors as Dutch pages. */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(private readonly tasks: ProcessorTasksService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (err instanceof PayloadTooLargeException) {
          return throwError(() => new UiError(413, 'Bestand te groot', `Het bestand is groter dan ${this.tasks.exportMaxMb} MB. Maak de export kleiner (bijvoorbeeld gecomprimeerd of in delen) en probeer het opnieuw.`));
        }
        if (err instanceof HttpException && err.getStatus() === 400) {
          return throwError(() => new UiError(400, 'Upload mislukt', 'Het bestand kon niet worden ontvangen. Kies één bestand in het veld "Export" en probeer het opnieuw.'));
        }
        return throwError(() => err);
      }),
    );
  }
}

@Controller('ui/requests/:id/tasks/:taskId')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class ProcessorTasksUiController {
  constructor(
    private readonly tasks: ProcessorTasksService,
    private readonly requests: RequestsService,
    private readonly commands: RequestCommands,
  ) {}

  @Post('concern')
  async concern(@Req() req: UiRequest, @Param('id') id: string, @Param('taskId') taskId: string, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as FormBody;
    await this.act(() => this.tasks.raiseConcern(id, taskId, str(body, 'reason'), actorOf(req.ui!)));
    this.back(res, id, 'bezwaar');
  }

  @Post('resolve')
  async resolve(@Req() req: UiRequest, @Param('id') id: string, @Param('taskId') taskId: string, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as FormBody;
    await this.act(() => this.tasks.resolveConcern(id, taskId, str(body, 'resolution'), str(body, 'note'), actorOf(req.ui!)));
    this.back(res, id, 'antwoord');
  }

  @Post('export')
  @UiAccessLevel('agent-upload')
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  async upload(@Req() req: UiRequest, @Param('id') id: string, @Param('taskId') taskId: string, @UploadedFile() file: Upload | undefined, @Res() res: Response): Promise<void> {
    assertFormCsrf(req);
    await this.act(() => this.tasks.uploadExport(id, taskId, file, actorOf(req.ui!)).then(() => undefined));
    this.back(res, id, 'export');
  }

  @Post('complete')
  async complete(@Req() req: UiRequest, @Param('id') id: string, @Param('taskId') taskId: string, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as FormBody;
    const row = await this.requests.row(id);
    const task = await this.act(() => this.tasks.task(row.id, taskId));
    const version = Number.parseInt(str(body, 'version'), 10);
    if (!Number.isInteger(version)) throw new UiError(400, TITLE, 'Het formulier was onvolledig. Laad de pagina opnieuw en probeer het nog eens.');
    const event = { type: 'INSTRUCTION_DONE', controllerId: task.controllerId, outcome: str(body, 'outcome'), recipientsNotified: list(body, 'recipientsNotified') };
    try {
      await this.commands.send(row.id, event, { sender: senderOf(req.ui!), expectedVersion: () => version, reply: ROW_REPLY });
    } catch (err) {
      if (err instanceof ValidationProblem) throw new UiError(400, TITLE, 'Beschrijf wat er is gedaan (hoogstens 4000 tekens).');
      if (err instanceof ProblemException && err.code === COMPLETION_REFUSED) {
        const e = err.extensions as { reason?: string; missingRecipients?: string[]; unknownRecipients?: string[] };
        throw new UiError(422, TITLE, completionRefusalText(String(e.reason ?? ''), e.missingRecipients ?? e.unknownRecipients ?? []));
      }
      if (err instanceof ProblemException && err.status === 409) {
        throw new UiError(409, TITLE, 'Dit verzoek is intussen door iemand anders gewijzigd. Laad de pagina opnieuw, kijk of de stap nog nodig is en probeer het dan opnieuw.');
      }
      if (err instanceof ProblemException && err.status === 422) {
        throw new UiError(422, TITLE, 'Deze verwerkersopdracht kan in de huidige status van het verzoek niet worden afgerond.');
      }
      throw err;
    }
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${row.id}?gedaan=INSTRUCTION_DONE#h-opdrachten`).end();
  }

  /** Runs a task action; its refusal becomes a Dutch page. */
  private async act<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      if (err instanceof TaskActionProblem) throw new UiError(err.status, TITLE, err.dutch);
      if (err instanceof ProblemException && err.code === COMPLETION_REFUSED) {
        const e = err.extensions as { reason?: string };
        throw new UiError(422, TITLE, completionRefusalText(String(e.reason ?? '')));
      }
      if (err instanceof ProblemException && err.status === 409) {
        throw new UiError(409, TITLE, 'Dit verzoek is intussen door iemand anders gewijzigd. Laad de pagina opnieuw en probeer het nog eens.');
      }
      throw err;
    }
  }

  private back(res: Response, id: string, what: string): void {
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${id}?opdracht=${what}#h-opdrachten`).end();
  }
}
