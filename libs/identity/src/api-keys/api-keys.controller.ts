import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, IdPipe } from '../../../platform/src/index.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Authenticated, CurrentUser } from '../auth/authenticated.decorator.js';
import { Role } from '../role.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto, ListApiKeysQueryDto } from './dto/api-key.dto.js';

@ApiTags('api-keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Create an API key (admins); the key is in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(400, 422)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(actor, body);
  }

  @Get()
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'API keys not revoked, newest first (keyset pages)' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiProblems(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: ListApiKeysQueryDto): Promise<ApiKeyPageDto> {
    return this.apiKeys.list(actor, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ roles: [Role.Admin] })
  @ApiOperation({ summary: 'Revoke an API key at once (admins)' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async revoke(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    await this.apiKeys.revoke(actor, id);
  }
}
