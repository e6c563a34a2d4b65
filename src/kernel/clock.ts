/** Time as a dependency, so that expiry and audit timestamps can be tested deterministically. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
