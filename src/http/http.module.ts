import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RouteTable } from './route-table';

/** HTTP plumbing shared by every protocol: the declared route table the error filter consults. */
@Module({
  imports: [DiscoveryModule],
  providers: [RouteTable],
  exports: [RouteTable],
})
export class HttpModule {}
