import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Role } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ALL_DOMAIN_EVENT_TYPES, ApiProblems, IdPipe, PageQueryDto } from '../../platform/src/index.js';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryDto,
  DeliveryPageDto,
  EventTypeDto,
  ListDeliveriesQueryDto,
  ReplayDto,
  ReplayResultDto,
  RotatedSecretDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookPageDto,
} from './dto/webhook.dto.js';
import { EVENT_SCOPE } from './event-scopes.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

const ADMINS = { roles: [Role.Admin] };

@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @Authenticated(ADMINS)
  @ApiOperation({
    summary: 'Register an endpoint (admins, or an API key with webhooks:manage); a ping is sent and its result returned; the secret is shown once',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiProblems(400, 422)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.endpoints.create(actor, body);
  }

  @Get()
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Webhook endpoints, newest first (keyset pages)' })
  @ApiOkResponse({ type: WebhookPageDto })
  @ApiProblems(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: PageQueryDto): Promise<WebhookPageDto> {
    return this.endpoints.list(actor, query);
  }

  @Get('event-types')
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Every event type an endpoint may subscribe to, with the scope a key needs to receive it' })
  @ApiOkResponse({ type: [EventTypeDto] })
  eventTypes(): EventTypeDto[] {
    return ALL_DOMAIN_EVENT_TYPES.map((type) => ({ type, scope: EVENT_SCOPE[type] }));
  }

  @Get(':id')
  @Authenticated(ADMINS)
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(404)
  get(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<WebhookDto> {
    return this.endpoints.get(actor, id);
  }

  @Patch(':id')
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Change the URL (checked again), events, description, or turn deliveries off and on' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(400, 404, 422)
  update(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookDto> {
    return this.endpoints.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated(ADMINS)
  @ApiNoContentResponse()
  @ApiProblems(404)
  async remove(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    await this.endpoints.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'A new signing secret; the previous one keeps signing beside it for 24 hours' })
  @ApiOkResponse({ type: RotatedSecretDto })
  @ApiProblems(404)
  rotateSecret(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<RotatedSecretDto> {
    return this.endpoints.rotateSecret(actor, id);
  }

  @Get(':id/deliveries')
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'The delivery log, newest first (keyset pages; filter by status, event type, time); kept 30 days' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiProblems(400, 404)
  listDeliveries(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Query() query: ListDeliveriesQueryDto): Promise<DeliveryPageDto> {
    return this.deliveries.list(actor, id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Send this delivery’s event again, with the same webhook-id' })
  @ApiAcceptedResponse({ type: DeliveryDto })
  @ApiProblems(404)
  redeliver(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Param('deliveryId', IdPipe) deliveryId: string): Promise<DeliveryDto> {
    return this.deliveries.redeliver(actor, id, deliveryId);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @Authenticated(ADMINS)
  @ApiOperation({ summary: 'Send every event of a window again, in order per aggregate (events are kept 30 days)' })
  @ApiAcceptedResponse({ type: ReplayResultDto })
  @ApiProblems(400, 404, 422)
  replay(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: ReplayDto): Promise<ReplayResultDto> {
    return this.deliveries.replay(actor, id, body);
  }
}
