import { Module } from '@nestjs/common';
import { ApiTokenService } from './api-token.service';
import { AuthResolver } from './auth.graphql';
import { AuthenticationMiddleware } from './authentication.middleware';
import { Authenticator } from './authenticator';
import { BootstrapAdmin } from './bootstrap-admin';
import { RecentPrincipals } from './recent-principals';

@Module({
  providers: [ApiTokenService, Authenticator, AuthenticationMiddleware, BootstrapAdmin, AuthResolver, RecentPrincipals],
  exports: [ApiTokenService, Authenticator, AuthenticationMiddleware, BootstrapAdmin],
})
export class AuthModule {}
