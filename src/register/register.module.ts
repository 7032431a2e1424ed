import { Module } from '@nestjs/common';
import { AgentUiModule } from '../agent-ui/agent-ui.module.js';
import { UiExceptionFilter, UiSessionGuard } from '../agent-ui/ui-auth.js';
import { RequestsModule } from '../requests/requests.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { DashboardUiController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';
import { DossierController, DossierUiController } from './dossier.controller.js';
import { DossierService } from './dossier.service.js';
import { RegisterUiController } from './register-ui.controller.js';
import { RegisterController } from './register.controller.js';
import { RegisterService } from './register.service.js';

/** The accountability register: API export and the workspace download; a request's dossier (PDF); the dashboard. */
@Module({
  imports: [AgentUiModule, RequestsModule, VerificationModule],
  controllers: [RegisterController, RegisterUiController, DossierController, DossierUiController, DashboardUiController],
  providers: [RegisterService, UiSessionGuard, UiExceptionFilter, DossierService, DashboardService],
  exports: [RegisterService],
})
export class RegisterModule {}
