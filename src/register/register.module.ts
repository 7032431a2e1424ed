import { Module } from '@nestjs/common';
import { AgentUiModule } from '../agent-ui/agent-ui.module.js';
import { UiExceptionFilter, UiSessionGuard } from '../agent-ui/ui-auth.js';
import { RegisterUiController } from './register-ui.controller.js';
import { RegisterController } from './register.controller.js';
import { RegisterService } from './register.service.js';

/** The accountability register: API export and the workspace download. */
@Module({
  imports: [AgentUiModule],
  controllers: [RegisterController, RegisterUiController],
  providers: [RegisterService, UiSessionGuard, UiExceptionFilter],
  exports: [RegisterService],
})
export class RegisterModule {}
