import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password.js';
import { OrganizationDto } from './organization.dto.js';
import { UserDto } from './user.dto.js';
import { Trim } from '../../../platform/src/index.js';

export class RegisterDto {
  @ApiProperty({ example: 'Acme Robotics', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organizationName: string;

  @ApiProperty({ example: 'acme-robotics', description: 'Lower-case letters, digits and dashes; unique', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })
  @IsString()
  @MinLength(2)
  @MaxLength(63)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'organizationSlug must be lower-case letters, digits and single dashes' })
  organizationSlug: string;

  @ApiProperty({ example: 'Ada Admin', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'ada@acme.test' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@acme.test' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'Bearer token (JWT)' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;
}

export class RegistrationDto extends AccessTokenDto {
  @ApiProperty({ type: () => UserDto })
  user: UserDto;

  @ApiProperty({ type: () => OrganizationDto })
  organization: OrganizationDto;
}
