import { Module } from '@nestjs/common';
import { AgentsService } from './agents.service.js';

/** The agents of the workspace (table `agents`): accounts, roles, passwords and TOTP. Used by the workspace and by core modules that name an agent (the dossier, incidents). */
@Module({
  providers: [AgentsService],
  exports: [AgentsService],
})
export class AgentsModule {}
