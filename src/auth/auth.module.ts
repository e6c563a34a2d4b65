import { Module } from '@nestjs/common';
import { ApiTokenService } from './api-token.service';
import { AuthChangeSubscriber } from './auth-change.subscriber';
import { AuthInvalidationListener } from './auth-invalidation.listener';
import { AuthResolver } from './auth.graphql';
import { AuthenticationMiddleware } from './authentication.middleware';
import { Authenticator } from './authenticator';
import { BootstrapAdmin } from './bootstrap-admin';
import { PrincipalCache } from './principal-cache';

@Module({
  providers: [ApiTokenService, Authenticator, AuthenticationMiddleware, BootstrapAdmin, AuthResolver, PrincipalCache, AuthInvalidationListener, AuthChangeSubscriber],
  exports: [ApiTokenService, Authenticator, AuthenticationMiddleware, BootstrapAdmin],
})
export class AuthModule {}
