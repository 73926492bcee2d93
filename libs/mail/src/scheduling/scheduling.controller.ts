import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExcludeController, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../../identity/src/index.js';
import { Authenticated, CurrentUser, Role } from '../../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../../platform/src/index.js';
import { renderSchedulingPage, SCHEDULE_CSS, SCHEDULE_CSS_VERSION, SCHEDULE_JS, SCHEDULE_JS_VERSION } from './scheduling-page.js';
import { CreateSchedulingRequestDto, SchedulingRequestDto, SchedulingRequestListDto } from './scheduling.dto.js';
import { SchedulingRequests } from './scheduling-requests.service.js';
import { SchedulingPage, SelfScheduling } from './self-scheduling.service.js';

const HTML = 'text/html; charset=utf-8';

@ApiTags('interviews')
@Controller('v1/applications/:id/scheduling-requests')
export class SchedulingRequestsController {
  constructor(private readonly requests: SchedulingRequests) {}

  @Post()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({
    summary: 'Ask the candidate to pick an interview time: emails them the `scheduling_request` template with `scheduling.link`',
    description:
      'The link (answered once as `link`; only its hash is kept) opens a page listing the times when every interviewer is working (their own time zone ' +
      'and weekly hours) and free (their interviews widened by `bufferMinutes`), from `minNoticeHours` from now until `windowDays` from now, when the link expires. ' +
      'The booked interview is scheduled as if you had scheduled it (invitations with a calendar file, audit, `interview.scheduled`). ' +
      'The candidate may move or cancel it from the link until `minNoticeHours` before it starts.',
  })
  @ApiCreatedResponse({ type: SchedulingRequestDto })
  @ApiProblems(400, 403, 404, 422)
  create(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string, @Body() body: CreateSchedulingRequestDto): Promise<SchedulingRequestDto> {
    return this.requests.create(actor, id, body);
  }

  @Get()
  @Authenticated({ roles: [Role.Admin, Role.Recruiter] })
  @ApiOperation({ summary: 'The application’s latest scheduling requests (status, where the link went), newest first' })
  @ApiOkResponse({ type: SchedulingRequestListDto })
  @ApiProblems(403, 404)
  list(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<SchedulingRequestListDto> {
    return this.requests.list(actor, id);
  }
}

/** The candidate's scheduling page behind the link (server-rendered HTML; throttled per client address). */
@ApiExcludeController()
@Controller('schedule')
export class SchedulingPageController {
  constructor(private readonly self: SelfScheduling) {}

  @Get(':token')
  async view(@Param('token') token: string, @Query('tz') tz: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.self.admit(request.ip))) return send(reply, throttled());
    await send(reply, await this.self.view(token, tz));
  }

  @Post(':token')
  async book(
    @Param('token') token: string,
    @Query('tz') tz: unknown,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!(await this.self.admit(request.ip))) return send(reply, throttled());
    await send(reply, await this.self.book(token, body?.startsAt, body?.tz ?? tz));
  }

  @Post(':token/cancel')
  async cancel(
    @Param('token') token: string,
    @Query('tz') tz: unknown,
    @Body() body: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!(await this.self.admit(request.ip))) return send(reply, throttled());
    await send(reply, await this.self.cancel(token, body?.tz ?? tz));
  }
}

/** The scheduling page's stylesheet and script, as files (versioned, cached long). */
@ApiExcludeController()
@Controller('schedule/assets')
export class SchedulingAssetsController {
  @Get('schedule.css')
  async stylesheet(@Query('v') version: unknown, @Res() reply: FastifyReply): Promise<void> {
    await asset(reply, 'text/css; charset=utf-8', SCHEDULE_CSS, version === SCHEDULE_CSS_VERSION);
  }

  @Get('time-zone.js')
  async script(@Query('v') version: unknown, @Res() reply: FastifyReply): Promise<void> {
    await asset(reply, 'text/javascript; charset=utf-8', SCHEDULE_JS, version === SCHEDULE_JS_VERSION);
  }
}

function throttled(): SchedulingPage {
  return { kind: 'throttled', status: 429, timeZone: 'UTC', timeZoneChosen: false };
}

async function send(reply: FastifyReply, page: SchedulingPage): Promise<void> {
  if (page.status === 429) void reply.header('retry-after', '600');
  await reply.status(page.status).header('content-type', HTML).header('cache-control', 'no-store').send(renderSchedulingPage(page));
}

async function asset(reply: FastifyReply, type: string, body: string, versioned: boolean): Promise<void> {
  await reply
    .status(200)
    .header('content-type', type)
    .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
    .send(body);
}
