import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OfferCandidateResponse } from './offer-candidate-response.service.js';
import { OfferPage, renderOfferPage } from './offer-response-html.js';

const field = (body: unknown, name: string): unknown => (body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined);

/**
 * The candidate's offer page (public, no account: the signed link of the offer email). Server-rendered HTML with no
 * script; two plain forms post the answer back. Throttled per client address; every answer is a page in words.
 */
@ApiExcludeController()
@Controller('offers/respond')
export class OfferResponseController {
  constructor(private readonly responses: OfferCandidateResponse) {}

  @Get()
  async page(@Query('token') token: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, (await this.responses.admit(request.ip)) ? await this.responses.view(token) : { kind: 'throttled' });
  }

  @Post('accept')
  @HttpCode(200)
  async accept(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, (await this.responses.admit(request.ip)) ? await this.responses.accept(field(body, 'token')) : { kind: 'throttled' });
  }

  @Post('decline')
  @HttpCode(200)
  async decline(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const page = (await this.responses.admit(request.ip))
      ? await this.responses.decline(field(body, 'token'), field(body, 'reason'))
      : ({ kind: 'throttled' } as const);
    await this.answer(reply, page);
  }

  private async answer(reply: FastifyReply, view: OfferPage): Promise<void> {
    const { status, html } = renderOfferPage(view);
    if (status === 429) void reply.header('retry-after', '600');
    await reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  }
}
