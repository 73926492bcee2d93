import { OnApplicationBootstrap } from '@nestjs/common';

/** Thrown at start when a process holds a port that no module bound. */
export class PortNotBoundError extends Error {
  constructor(
    readonly port: string,
    readonly boundBy: string,
  ) {
    super(`Port ${port} is not bound: import ${boundBy} in this process (a port has no default, so an unbound one would silently answer nothing).`);
    this.name = 'PortNotBoundError';
  }
}

/**
 * Holder of a port: a lower module declares it, a module above plugs the real implementation in
 * with `use(impl)` in its `onModuleInit`. There is no default answer: a process whose modules leave
 * the port unbound refuses to start (checked in `onApplicationBootstrap`, after every `onModuleInit`),
 * and a call before binding throws instead of failing open.
 */
export abstract class RequiredPort<T extends object> implements OnApplicationBootstrap {
  private impl: T | undefined;

  /** `port` names the injection token, `boundBy` the module that binds it (both appear in the boot error). */
  protected constructor(
    readonly port: string,
    readonly boundBy: string,
  ) {}

  use(impl: T): void {
    this.impl = impl;
  }

  get isBound(): boolean {
    return this.impl !== undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.impl) throw new PortNotBoundError(this.port, this.boundBy);
  }

  protected get bound(): T {
    if (!this.impl) throw new PortNotBoundError(this.port, this.boundBy);
    return this.impl;
  }
}
