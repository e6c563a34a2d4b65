import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './kernel/clock';

@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
