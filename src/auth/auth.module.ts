import { Module } from '@nestjs/common';
import { ApiTokenService } from './api-token.service';
import { AuthChangeSubscriber } from './auth-change.subscriber';
import { AuthInvalidationListener } from './auth-invalidation.listener';
import { AuthResolver } from './auth.graphql';
import { AuthenticationMiddleware } from './authentication.middleware';
import { Authenticator } from './authenticator';
import { BootstrapAdmin } from './bootstrap-admin';
import { PrincipalCache } from './principal-cache';
import { RecentPrincipals } from './recent-principals';

@Module({
  providers: [
    ApiTokenService,
    Authenticator,
    AuthenticationMiddleware,
    BootstrapAdmin,
    AuthResolver,
    PrincipalCache,
    AuthInvalidationListener,
    AuthChangeSubscriber,
    RecentPrincipals,
  ],
  exports: [ApiTokenService, Authenticator, AuthenticationMiddleware, BootstrapAdmin],
})
export class AuthModule {}
