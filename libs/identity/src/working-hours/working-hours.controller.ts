import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, IdPipe } from '../../../platform/src/index.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Role } from '../role.js';
import { UpdateWorkingHoursDto, WorkingHoursDto } from './working-hours.dto.js';
import { WorkingHoursService } from './working-hours.service.js';

@ApiTags('users')
@Controller('v1')
export class WorkingHoursController {
  constructor(private readonly hours: WorkingHoursService) {}

  @Get('me/working-hours')
  @Authenticated()
  @ApiOperation({ summary: 'Your time zone and weekly working hours (candidates pick interview times inside them)' })
  @ApiOkResponse({ type: WorkingHoursDto })
  mine(@CurrentUser() actor: AuthUser): Promise<WorkingHoursDto> {
    return this.hours.get(actor, actor.id);
  }

  @Patch('me/working-hours')
  @Authenticated()
  @ApiOperation({ summary: 'Set your time zone and/or weekly working hours' })
  @ApiOkResponse({ type: WorkingHoursDto })
  @ApiProblems(400, 422)
  setMine(@CurrentUser() actor: AuthUser, @Body() body: UpdateWorkingHoursDto): Promise<WorkingHoursDto> {
    return this.hours.update(actor, actor.id, body);
  }

  @Get('users/:id/working-hours')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'A user’s time zone and weekly working hours (admins)' })
  @ApiOkResponse({ type: WorkingHoursDto })
  @ApiProblems(404)
  get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<WorkingHoursDto> {
    return this.hours.get(actor, id);
  }

  @Patch('users/:id/working-hours')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Set a user’s time zone and/or weekly working hours (admins)' })
  @ApiOkResponse({ type: WorkingHoursDto })
  @ApiProblems(400, 404, 422)
  set(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateWorkingHoursDto): Promise<WorkingHoursDto> {
    return this.hours.update(actor, id, body);
  }
}
