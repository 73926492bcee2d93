import { Inject } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { loadConfig } from './app-config.js';

/** The validated configuration, registered with @nestjs/config under the `app` namespace. */
export const appConfig = registerAs('app', () => loadConfig(process.env));

/** Injects the typed AppConfig: `constructor(@InjectConfig() config: AppConfig)`. */
export const InjectConfig = () => Inject(appConfig.KEY);

/** Global configuration module; importing it once (in the app roots) validates the environment. */
export const AppConfigModule = ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig], cache: true });
