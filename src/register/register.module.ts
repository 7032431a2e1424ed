import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { DashboardService } from './dashboard.service.js';
import { DossierController } from './dossier.controller.js';
import { DossierService } from './dossier.service.js';
import { DossierPdfPool } from './dossier-pdf-pool.js';
import { RegisterController } from './register.controller.js';
import { RegisterService } from './register.service.js';

/**
 * The accountability register and its API export; a request's dossier (PDF); the dashboard figures. Their workspace pages
 * (register download, dossier.pdf, dashboard) are in src/agent-ui/.
 */
@Module({
  imports: [AgentsModule, RequestsModule, VerificationModule],
  controllers: [RegisterController, DossierController],
  providers: [RegisterService, DossierService, DossierPdfPool, DashboardService],
  exports: [RegisterService, DossierService, DashboardService],
})
export class RegisterModule {}
