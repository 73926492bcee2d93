import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../../identity/src/index.js';
import { BuiltInTemplatesLoader } from './built-in-templates.loader.js';
import { TemplateRevision } from './template-revision.entity.js';
import { Template } from './template.entity.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesService } from './templates.service.js';

/** Job-description templates: built-in library, organization templates, immutable revisions, rendering, linting. */
@Module({
  imports: [TypeOrmModule.forFeature([Template, TemplateRevision]), IdentityModule],
  controllers: [TemplatesController],
  providers: [TemplatesService, BuiltInTemplatesLoader],
  exports: [TemplatesService],
})
export class TemplatesModule {}
