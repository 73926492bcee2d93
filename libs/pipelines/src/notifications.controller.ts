import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../../identity/src/index.js';
import type { AuthUser } from '../../identity/src/index.js';
import { ApiProblems, IdPipe } from '../../platform/src/index.js';
import { ListNotificationsQueryDto, NotificationDto, NotificationPageDto, ReadAllResultDto, UnreadCountDto } from './dto/notification.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: "The signed-in user's notifications, newest first (keyset pages)" })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400)
  async list(@CurrentUser() actor: AuthUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(actor, query);
  }

  @Get('unread-count')
  @Authenticated()
  @ApiOperation({ summary: "How many of the signed-in user's notifications are unread (one indexed count; cheap to poll)" })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentUser() actor: AuthUser): Promise<UnreadCountDto> {
    return { unreadCount: await this.notifications.unreadCount(actor) };
  }

  @Post('read-all')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark every notification read' })
  @ApiOkResponse({ type: ReadAllResultDto })
  async readAll(@CurrentUser() actor: AuthUser): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Mark one notification read' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(404)
  async read(@CurrentUser() actor: AuthUser, @Param('id', IdPipe) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(actor, id);
  }
}
