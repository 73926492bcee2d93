import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblems } from '../../platform/src/index.js';
import { AccountLinks } from './account-links.service.js';
import type { AuthUser } from './auth/auth-user.js';
import { Authenticated, CurrentUser } from './auth/authenticated.decorator.js';
import {
  AccountLinkDto,
  ForgotPasswordAcceptedDto,
  ForgotPasswordDto,
  InvitationDetailsDto,
  ResendConfirmationDto,
  SetPasswordByLinkDto,
} from './dto/account-links.dto.js';
import { AccessTokenDto } from './dto/register.dto.js';

const FORGOT_PASSWORD_ANSWER = 'If an account uses this email address, we have sent it a link to choose a new password.';

/** Accounts by email: forgotten passwords, invitation links, email confirmation. Every route but the resend is public. */
@ApiTags('auth')
@Controller('v1/auth')
export class AccountLinksController {
  constructor(private readonly links: AccountLinks) {}

  @Post('forgot-password')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Ask for a password reset link (valid 1 hour, single use). Always 202 with the same body, whether or not an account uses the address; throttled per client address and per email (429)',
  })
  @ApiAcceptedResponse({ type: ForgotPasswordAcceptedDto })
  @ApiProblems(400, 429)
  async forgotPassword(@Body() body: ForgotPasswordDto, @Req() request: FastifyRequest): Promise<ForgotPasswordAcceptedDto> {
    await this.links.forgotPassword(body.email, request.ip);
    return { message: FORGOT_PASSWORD_ANSWER };
  }

  @Post('reset-password')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Choose a new password with a reset link; every other session ends and the answer is a fresh token. An unknown, expired or used link is 410 identity.invalid_account_link',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiProblems(400, 410, 429)
  resetPassword(@Body() body: SetPasswordByLinkDto, @Req() request: FastifyRequest): Promise<AccessTokenDto> {
    return this.links.resetPassword(body.token, body.password, request.ip);
  }

  @Post('invitation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Who an invitation link is for (its name), while it works; otherwise 410 identity.invalid_account_link' })
  @ApiOkResponse({ type: InvitationDetailsDto })
  @ApiProblems(400, 410, 429)
  invitation(@Body() body: AccountLinkDto, @Req() request: FastifyRequest): Promise<InvitationDetailsDto> {
    return this.links.invitation(body.token, request.ip);
  }

  @Post('accept-invitation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Accept an invitation by choosing a password (the link works 72 hours, once); answers a token like sign-in. An unknown, expired or used link is 410 identity.invalid_account_link',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiProblems(400, 410, 429)
  acceptInvitation(@Body() body: SetPasswordByLinkDto, @Req() request: FastifyRequest): Promise<AccessTokenDto> {
    return this.links.acceptInvitation(body.token, body.password, request.ip);
  }

  @Post('confirm-email')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm your email address with the emailed link (7 days, once); an unknown, expired or used link is 410' })
  @ApiNoContentResponse({ description: 'The address is confirmed' })
  @ApiProblems(400, 410, 429)
  async confirmEmail(@Body() body: AccountLinkDto, @Req() request: FastifyRequest): Promise<void> {
    await this.links.confirmEmail(body.token, request.ip);
  }

  @Post('resend-confirmation')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({ summary: 'Email a new confirmation link to the signed-in user (earlier links stop working); nothing when already confirmed' })
  @ApiAcceptedResponse({ type: ResendConfirmationDto })
  @ApiProblems(429)
  resendConfirmation(@CurrentUser() actor: AuthUser): Promise<ResendConfirmationDto> {
    return this.links.resendConfirmation(actor);
  }
}
