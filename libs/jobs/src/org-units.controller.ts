import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import { ApiProblems, IdPipe, mapPage } from '../../platform/src/index.js';
import {
  CreateDepartmentDto,
  CreateOfficeDto,
  DepartmentDto,
  DepartmentPageDto,
  ListUnitsQueryDto,
  OfficeDto,
  OfficePageDto,
  UpdateDepartmentDto,
  UpdateOfficeDto,
} from './dto/organization-unit.dto.js';
import { OrgUnitsService } from './org-units.service.js';

const WRITERS = [Role.Admin, Role.Recruiter];
const READERS = [Role.Admin, Role.Recruiter, Role.HiringManager];

@ApiTags('departments')
@Controller('v1/departments')
export class DepartmentsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Post()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Create a department (names unique per organization)' })
  @ApiCreatedResponse({ type: DepartmentDto })
  @ApiProblems(400, 404, 409)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateDepartmentDto): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.units.createDepartment(actor, body));
  }

  @Get()
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: 'Departments, oldest first (keyset pages)' })
  @ApiOkResponse({ type: DepartmentPageDto })
  @ApiProblems(400)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListUnitsQueryDto): Promise<DepartmentPageDto> {
    return mapPage(await this.units.listDepartments(actor, query), (d) => DepartmentDto.from(d));
  }

  @Get(':id')
  @Authenticated({ roles: READERS })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiProblems(404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.units.getDepartment(actor.organizationId, id));
  }

  @Patch(':id')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Rename or re-parent a department (no cycles)' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiProblems(400, 404, 409, 422)
  async update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateDepartmentDto): Promise<DepartmentDto> {
    return DepartmentDto.from(await this.units.updateDepartment(actor, id, body));
  }
}

@ApiTags('offices')
@Controller('v1/offices')
export class OfficesController {
  constructor(private readonly units: OrgUnitsService) {}

  @Post()
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Create an office (names unique per organization; country is ISO 3166-1 alpha-2)' })
  @ApiCreatedResponse({ type: OfficeDto })
  @ApiProblems(400, 404, 409)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateOfficeDto): Promise<OfficeDto> {
    return OfficeDto.from(await this.units.createOffice(actor, body));
  }

  @Get()
  @Authenticated({ roles: READERS })
  @ApiOperation({ summary: 'Offices, oldest first (keyset pages)' })
  @ApiOkResponse({ type: OfficePageDto })
  @ApiProblems(400)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListUnitsQueryDto): Promise<OfficePageDto> {
    return mapPage(await this.units.listOffices(actor, query), (o) => OfficeDto.from(o));
  }

  @Get(':id')
  @Authenticated({ roles: READERS })
  @ApiOkResponse({ type: OfficeDto })
  @ApiProblems(404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<OfficeDto> {
    return OfficeDto.from(await this.units.getOffice(actor.organizationId, id));
  }

  @Patch(':id')
  @Authenticated({ roles: WRITERS })
  @ApiOperation({ summary: 'Change an office (no parent cycles)' })
  @ApiOkResponse({ type: OfficeDto })
  @ApiProblems(400, 404, 409, 422)
  async update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateOfficeDto): Promise<OfficeDto> {
    return OfficeDto.from(await this.units.updateOffice(actor, id, body));
  }
}
