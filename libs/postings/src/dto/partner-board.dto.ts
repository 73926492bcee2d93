import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { PartnerBoard } from '../partner-board.entity.js';

export class CreatePartnerBoardDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ description: 'http(s) endpoint receiving signed JSON events', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url: string;

  @ApiProperty({ description: 'HMAC-SHA256 key for X-Hireloop-Signature; never returned', minLength: 16, maxLength: 200 })
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret: string;
}

/** A partner board as the API shows it: never the secret. */
export class PartnerBoardDto {
  @ApiProperty({ description: 'Usable in `boards` when posting a job' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: string;

  static from(b: PartnerBoard): PartnerBoardDto {
    return { id: b.id, name: b.name, url: b.url, active: b.active, createdAt: b.createdAt.toISOString() };
  }
}

export class PartnerBoardListDto {
  @ApiProperty({ type: [PartnerBoardDto] }) data: PartnerBoardDto[];
}
