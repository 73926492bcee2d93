import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '../../../libs/config/src/index.js';
import { createApiApp } from './bootstrap.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  console.log(`Hireloop is listening: the web app at ${config.publicBaseUrl}/app, the API at ${config.publicBaseUrl} (docs at ${config.publicBaseUrl}/docs)`);
}

void main();
