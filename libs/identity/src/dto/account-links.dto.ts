import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../../platform/src/index.js';
import { ACCOUNT_TOKEN_MAX_LENGTH } from '../account-tokens.service.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password.js';

export class ForgotPasswordDto {
  @ApiProperty({ example: 'ada@acme.test' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;
}

export class ForgotPasswordAcceptedDto {
  @ApiProperty({ description: 'The same sentence whether or not an account uses the address' })
  message: string;
}

export class AccountLinkDto {
  @ApiProperty({ description: 'The token of the emailed link (`?token=`)', maxLength: ACCOUNT_TOKEN_MAX_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(ACCOUNT_TOKEN_MAX_LENGTH)
  token: string;
}

export class SetPasswordByLinkDto extends AccountLinkDto {
  @ApiProperty({ writeOnly: true, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class InvitationDetailsDto {
  @ApiProperty({ description: 'The name the admin gave the invited person' })
  name: string;
}

export class ResendConfirmationDto {
  @ApiProperty({ description: 'False when the address was already confirmed (nothing sent)' })
  sent: boolean;
}
