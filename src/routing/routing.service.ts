/** Finds the controllers that know a requester: digests of their identifiers, one directory lookup. */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import type { ControllerSummary, RequestRouter, RequesterDetails } from '../requests/request-router.js';
import type { MatchedController } from '../requests/request.types.js';
import { requesterDigests, toMatchedControllers } from './request-digests.js';

@Injectable()
export class RoutingService implements RequestRouter {
  constructor(
    private readonly registry: DataControllersService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  async route(requester: RequesterDetails): Promise<MatchedController[]> {
    const digests = requesterDigests(requester, this.config.identifierKey, this.config.processor.country);
    if (!digests.length) return [];
    return toMatchedControllers(await this.registry.findByDigests(digests));
  }

  /**
   * Whether a contact detail is already known to the processor itself: present in the directory of
   * the `isSelf` controller (digest lookup; the value is never stored). Used by identity
   * verification's known-contact-match for the channel the request came from.
   */
  async selfKnows(contact: { email?: string | null; phone?: string | null }): Promise<boolean> {
    const digests = requesterDigests(
      { email: contact.email ?? null, phone: contact.phone ?? null, customerRef: null },
      this.config.identifierKey,
      this.config.processor.country,
    );
    if (!digests.length) return false;
    return (await this.registry.findByDigests(digests)).some((hit) => hit.isSelf);
  }

  controllers(ids: readonly string[], db?: Pick<EntityManager, 'query'>): Promise<Map<string, ControllerSummary>> {
    return this.registry.summaries(ids, db);
  }
}
