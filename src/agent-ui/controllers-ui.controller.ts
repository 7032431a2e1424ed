/**
 * Beheer → Verwerkingsverantwoordelijken: list with search, create and edit with every field of
 * the API (through DataControllersService and the API's schemas), identifier import by CSV upload
 * (the CLI's importIdentifiers, same per-line report) and a link to the controller's requests.
 * Admins only.
 */
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UploadedFile, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { VersionConflictProblem } from '../common/if-match.js';
import { ProblemException, ValidationProblem, type FieldError } from '../common/problem.js';
import { parseOrThrow, UUID } from '../common/validation.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { DataControllerResource } from '../data-controllers/data-controller-row.js';
import { createControllerSchema, updateControllerSchema } from '../data-controllers/data-controller.schemas.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import type { ImportSummary } from '../data-controllers/identifier-import.js';
import { IDENTIFIER_TYPES, isIdentifierType, type IdentifierType } from '../data-controllers/identifiers.js';
import { MAX_IDENTIFIERS_PER_CALL } from '../data-controllers/data-controller.schemas.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { layoutFor, Views } from '../http/views.js';
import {
  controllerBodyOf,
  controllerFieldOf,
  dutchControllerError,
  formValuesOf,
  formValuesOfResource,
  importReportOf,
  NEW_CONTROLLER_VALUES,
  CONTROLLER_CHANGED_MEANWHILE,
  CONTROLLER_FIELDS,
  CONTROLLER_FORM_INCOMPLETE,
  mergeAfterConflict,
  readValuesOf,
  sameFormValues,
  type ControllerField,
  type ControllerFormValues,
} from './controller-form.js';
import { fieldErrors, str, type FormBody } from './forms.js';
import { QueueService } from './queue.service.js';
import { assertFormCsrf, FORBIDDEN_ERROR, sendHtml, UI_PATH, UiAccessLevel, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { LANGUAGE_LABELS, LANGUAGES, languageLabel } from '../vocabulary/language.js';

const BASE = `${UI_PATH}/admin/controllers`;
const TITLE = 'Verwerkingsverantwoordelijken';

const IDENTIFIER_LABELS: Record<(typeof IDENTIFIER_TYPES)[number], string> = {
  email: 'e-mailadressen',
  phone: 'telefoonnummers',
  iban: 'IBAN’s',
  'customer-ref': 'klantnummers',
  kvk: 'KvK-nummers',
  vat: 'btw-nummers',
};

const DONE: Record<string, string> = {
  aangemaakt: 'De verwerkingsverantwoordelijke is aangemaakt. Importeer nu de kenmerken (e-mailadressen, klantnummers …) waarmee wij verzoeken aan hen koppelen.',
  opgeslagen: 'De wijzigingen zijn opgeslagen.',
};

type Upload = { buffer: Buffer; originalname: string; size: number };

@Controller('ui/admin/controllers')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
@UiAccessLevel('admin')
export class ControllersUiController {
  constructor(
    private readonly views: Views,
    private readonly controllers: DataControllersService,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get()
  async list(@Req() req: UiRequest, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const q = typeof query.zoek === 'string' ? query.zoek.trim().slice(0, 200) : '';
    const cursor = typeof query.na === 'string' ? query.na.slice(0, 500) : undefined;
    let page: { items: DataControllerResource[]; nextCursor: string | null };
    try {
      page = await this.controllers.list({ ...(q ? { q } : {}), limit: 50, ...(cursor ? { cursor } : {}) });
    } catch (err) {
      if (!(err instanceof ProblemException)) throw err;
      page = await this.controllers.list({ ...(q ? { q } : {}), limit: 50 });
    }
    const next = page.nextCursor ? `${BASE}?${new URLSearchParams({ ...(q ? { zoek: q } : {}), na: page.nextCursor }).toString()}` : null;
    sendHtml(
      res,
      this.views.render(
        'admin-controllers',
        {
          q,
          next,
          controllers: page.items.map((c) => ({
            id: c.id,
            name: c.name,
            country: c.country === 'BE' ? 'België' : 'Nederland',
            contact: c.privacyContact.email,
            tone: c.tone,
            language: languageLabel(c.language),
            sla: c.forwardingSlaWorkingDays,
            identifiers: c.identifierTotal.toLocaleString('nl-NL'),
            active: c.active,
            isSelf: c.isSelf,
          })),
        },
        layoutFor(req.ui, TITLE, 'controllers'),
      ),
    );
  }

  @Get('new')
  newPage(@Req() req: UiRequest, @Res() res: Response): void {
    this.renderForm(req, res, 200, null, NEW_CONTROLLER_VALUES);
  }

  @Post('new')
  async create(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const values = formValuesOf(body ?? {});
    try {
      const created = await this.controllers.create(parseOrThrow(createControllerSchema, controllerBodyOf(values, 'create')));
      this.queue.invalidateCounts();
      res.status(303).setHeader('Location', `${BASE}/${created.id}?gedaan=aangemaakt`).end();
    } catch (err) {
      if (!(err instanceof ValidationProblem)) throw err;
      this.renderForm(req, res, 400, null, values, { errors: this.errorsOf(err) });
    }
  }

  @Get(':id')
  async editPage(@Req() req: UiRequest, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const c = await this.load(id);
    const done = typeof query.gedaan === 'string' ? (DONE[query.gedaan] ?? null) : null;
    this.renderForm(req, res, 200, c, formValuesOfResource(c), { done });
  }

  /**
   * Saves the form against the version and the values it was read at (hidden `version` and
   * `read_<field>`): a change saved meanwhile is not overwritten unseen. The form comes back with
   * both changes merged field by field and a note beside each field changed meanwhile (409), so
   * that saving again loses nobody's change; a form without what it was read at is refused the
   * same way (400).
   */
  @Post(':id')
  async update(@Req() req: UiRequest, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const c = await this.load(id);
    const values = formValuesOf(body ?? {});
    const read = readValuesOf(body ?? {});
    const versionText = str(body ?? {}, 'version');
    const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : undefined;
    if (version === undefined || !read) return this.renderConflict(req, res, 400, c, values, undefined, CONTROLLER_FORM_INCOMPLETE);
    try {
      await this.save(c.id, values, version, read);
    } catch (err) {
      if (err instanceof ValidationProblem) return this.renderForm(req, res, 400, c, values, { errors: this.errorsOf(err), version, read });
      if (err instanceof VersionConflictProblem) return this.renderConflict(req, res, 409, await this.load(c.id), values, read, CONTROLLER_CHANGED_MEANWHILE);
      if (err instanceof ProblemException && err.code === 'self-controller-required') {
        return this.renderForm(req, res, 422, c, values, { errors: { active: 'De verwerker zelf kan niet worden uitgeschakeld.' }, version, read });
      }
      throw err;
    }
    this.queue.invalidateCounts();
    res.status(303).setHeader('Location', `${BASE}/${c.id}?gedaan=opgeslagen`).end();
  }

  /**
   * The form's values saved at the version it was read at. A newer version whose fields are still
   * as the form read them (an identifier import or upload bumps the version too) is no conflict:
   * saved at that version.
   */
  private async save(id: string, values: ControllerFormValues, version: number, read: ControllerFormValues): Promise<void> {
    const patch = parseOrThrow(updateControllerSchema, controllerBodyOf(values, 'edit'));
    try {
      await this.controllers.update(id, patch, version);
    } catch (err) {
      if (!(err instanceof VersionConflictProblem)) throw err;
      const now = await this.controllers.get(id);
      if (!sameFormValues(formValuesOfResource(now), read)) throw err;
      await this.controllers.update(id, patch, now.version);
    }
  }

  /** The form again after a lost race or an incomplete form: both changes merged, notes beside the fields, the stored version as the one read. */
  private renderConflict(
    req: UiRequest,
    res: Response,
    status: number,
    now: DataControllerResource,
    mine: ControllerFormValues,
    read: ControllerFormValues | undefined,
    message: string,
  ): void {
    const { values, notes } = mergeAfterConflict(mine, read, formValuesOfResource(now));
    this.renderForm(req, res, status, now, values, { notes, conflict: message });
  }

  /** Identifier import: a CSV with the columns type,value, as the CLI takes it. */
  @Post(':id/identifiers')
  @UiAccessLevel('agent-upload')
  @UseInterceptors(FileInterceptor('file'))
  async importFile(@Req() req: UiRequest, @Param('id') id: string, @UploadedFile() file: Upload | undefined, @Res() res: Response): Promise<void> {
    assertFormCsrf(req);
    if (req.ui!.agent.role !== 'admin') throw FORBIDDEN_ERROR();
    const c = await this.load(id);
    if (!file || file.size === 0) {
      return this.renderForm(req, res, 400, c, formValuesOfResource(c), { importError: 'Kies een CSV-bestand met de kolommen type,value.' });
    }
    const started = Date.now();
    let summary: ImportSummary;
    try {
      summary = await this.importCsv(c.id, file.buffer);
    } catch (err) {
      const csv = (err as { code?: string })?.code;
      if (typeof csv === 'string' && csv.startsWith('CSV_')) {
        return this.renderForm(req, res, 400, c, formValuesOfResource(c), {
          importError: 'Het bestand is geen geldige CSV (bijvoorbeeld een aanhalingsteken dat niet wordt gesloten). Er is niets geïmporteerd.',
        });
      }
      throw err;
    }
    const after = await this.controllers.get(c.id);
    this.renderForm(req, res, 200, after, formValuesOfResource(after), { report: { file: file.originalname, ...importReportOf(summary, (Date.now() - started) / 1000) } });
  }

  /**
   * The CSV read row by row as the CLI reads it (csvRow: header, column count, type), the valid rows
   * added through the service the API uses (hashed there, in batches of MAX_IDENTIFIERS_PER_CALL);
   * the CLI's summary with line numbers.
   */
  private async importCsv(controllerId: string, data: Buffer): Promise<ImportSummary> {
    const records = parseCsv(data, { bom: true, relax_column_count: true }) as string[][];
    const inputs: { type: IdentifierType; value: string }[] = [];
    const lineOf: number[] = [];
    const invalidLines: { line: number; reason: string }[] = [];
    let rows = 0;
    let invalid = 0;
    const fail = (line: number, reason: string) => {
      invalid++;
      if (invalidLines.length < 20) invalidLines.push({ line, reason });
    };
    records.forEach((fields, i) => {
      const [rawType = '', value = ''] = fields;
      const type = rawType.trim().toLowerCase();
      if (i === 0 && type === 'type' && value.trim().toLowerCase() === 'value') return;
      rows++;
      if (fields.length !== 2) return fail(i + 1, `expected 2 columns (type,value), got ${fields.length}`);
      if (!isIdentifierType(type)) return fail(i + 1, `unknown type "${rawType.slice(0, 20)}"`);
      inputs.push({ type, value });
      lineOf.push(i + 1);
    });
    let added = 0;
    let duplicates = 0;
    for (let start = 0; start < inputs.length; start += MAX_IDENTIFIERS_PER_CALL) {
      const r = await this.controllers.addIdentifiers(controllerId, inputs.slice(start, start + MAX_IDENTIFIERS_PER_CALL));
      added += r.added;
      duplicates += r.alreadyPresent;
      for (const bad of r.invalid) fail(lineOf[start + bad.index]!, bad.reason);
    }
    invalidLines.sort((a, b) => a.line - b.line);
    return { rows, added, duplicates, invalid, invalidLines: invalidLines.slice(0, 20) };
  }

  private async load(id: string): Promise<DataControllerResource> {
    if (!UUID.test(id)) throw new UiError(404, 'Niet gevonden', 'Deze verwerkingsverantwoordelijke bestaat niet.');
    try {
      return await this.controllers.get(id);
    } catch (err) {
      if (err instanceof ProblemException && err.status === 404) throw new UiError(404, 'Niet gevonden', 'Deze verwerkingsverantwoordelijke bestaat niet.');
      throw err;
    }
  }

  private errorsOf(err: ValidationProblem): Record<string, string> {
    return fieldErrors((err.extensions.errors as FieldError[]) ?? [], controllerFieldOf, dutchControllerError);
  }

  private renderForm(
    req: UiRequest,
    res: Response,
    status: number,
    c: DataControllerResource | null,
    values: ControllerFormValues,
    extra: {
      errors?: Record<string, string>;
      /** Beside a field changed meanwhile (not an error: no aria-invalid). */
      notes?: Partial<Record<ControllerField, string>>;
      /** The form-wide message of a lost race or an incomplete form. */
      conflict?: string;
      done?: string | null;
      report?: { file: string } & ReturnType<typeof importReportOf>;
      importError?: string;
      /** The version and values the form was read at; the controller's current ones unless the form is shown again after a refusal. */
      version?: number;
      read?: ControllerFormValues;
    } = {},
  ): void {
    const errors = extra.errors ?? {};
    const read = extra.read ?? (c ? formValuesOfResource(c) : undefined);
    const error = Object.fromEntries([...CONTROLLER_FIELDS, 'form'].map((f) => [f, errors[f] ?? null]));
    sendHtml(
      res,
      this.views.render(
        'admin-controller',
        {
          c: c
            ? {
                id: c.id,
                name: c.name,
                isSelf: c.isSelf,
                identifierTotal: c.identifierTotal.toLocaleString('nl-NL'),
                counts: IDENTIFIER_TYPES.filter((t) => c.identifierCounts[t] > 0).map((t) => ({ label: IDENTIFIER_LABELS[t], count: c.identifierCounts[t].toLocaleString('nl-NL') })),
              }
            : null,
          action: c ? `${BASE}/${c.id}` : `${BASE}/new`,
          v: values,
          languages: [
            ...(values.language ? [] : [{ value: '', label: `Zoals de verwerker (${languageLabel(this.config.processorLanguage)})`, selected: true }]),
            ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l], selected: values.language === l })),
          ],
          checked: { u: values.tone !== 'je', je: values.tone === 'je', nl: values.country !== 'BE', be: values.country === 'BE', mayInform: values.mayInform === 'ja' || values.mayInform === 'on', active: values.active === 'ja' || values.active === 'on' },
          error,
          hasErrors: Object.keys(errors).length > 0,
          version: extra.version ?? c?.version ?? null,
          readFields: read ? CONTROLLER_FIELDS.map((f) => ({ name: `read_${f}`, value: read[f] })) : [],
          note: Object.fromEntries(CONTROLLER_FIELDS.map((f) => [f, extra.notes?.[f] ?? null])),
          conflict: extra.conflict ?? null,
          done: extra.done ?? null,
          report: extra.report ?? null,
          importError: extra.importError ?? null,
          maxMb: this.config.processorTasks.exportMaxMb,
        },
        layoutFor(req.ui, c ? `${c.name} – ${TITLE}` : `Nieuwe verwerkingsverantwoordelijke – ${TITLE}`, 'controllers'),
      ),
      status,
    );
  }
}
