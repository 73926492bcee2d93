import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, IdPipe, mapPage } from '../../platform/src/index.js';
import type { AuthUser } from './auth/auth-user.js';
import { Authenticated, CurrentUser } from './auth/authenticated.decorator.js';
import { CreateUserDto, InvitationDto, InviteUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto.js';
import { Role } from './role.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary: 'Add a user to your organization (admins); an admin who registered the organization must have confirmed their email address first',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 403, 409, 413)
  async create(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(actor, body));
  }

  @Post('invitations')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({
    summary:
      'Invite a user (admins): emails them a link to choose their password (72 hours, single use) and answers a one-time password once as a fallback. An admin who registered the organization must have confirmed their email address first (403 identity.email_not_confirmed).',
  })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiProblems(400, 403, 409, 413)
  async invite(@CurrentUser() actor: AuthUser, @Body() body: InviteUserDto): Promise<InvitationDto> {
    const { user, oneTimePassword, invitationEmailed } = await this.users.invite(actor, body);
    return { user: UserDto.from(user), oneTimePassword, invitationEmailed };
  }

  @Get()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOperation({ summary: 'Users of your organization, oldest first (keyset pages)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return mapPage(await this.users.list(actor, query), (user) => UserDto.from(user));
  }

  @Get(':id')
  @Authenticated({ roles: [Role.Admin, Role.Recruiter, Role.HiringManager] })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(404)
  async get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<UserDto> {
    return UserDto.from(await this.users.get(actor, id));
  }

  @Patch(':id')
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Rename, change roles, deactivate or reactivate a user (admins); a deactivated user is signed out at once' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 404, 422)
  async update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.update(actor, id, body));
  }
}
