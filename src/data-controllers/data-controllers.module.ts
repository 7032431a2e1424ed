import { Module } from '@nestjs/common';
import { DataControllersController } from './data-controllers.controller.js';
import { DataControllersService } from './data-controllers.service.js';

@Module({
  controllers: [DataControllersController],
  providers: [DataControllersService],
  exports: [DataControllersService],
})
export class DataControllersModule {}
