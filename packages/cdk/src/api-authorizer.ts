/**
 * `ApiAuthorizer`: an edgeward authorizer function plus the API Gateway authorizer that invokes it, for a
 * REST API (TOKEN or REQUEST) or an HTTP API.
 *
 * @module
 */
import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ACKNOWLEDGED, acknowledge } from './acknowledgments.js';
import { type EdgewardCodeOptions, edgewardCode } from './bundling.js';
import { readFunctionConfig } from './config.js';
import { secretReadStatement } from './secrets.js';
import { EdgewardPropsError } from './validation.js';

/** Which API Gateway authorizer to create. */
export type ApiAuthorizerKind = 'rest-token' | 'rest-request' | 'http';

/** Props of {@link ApiAuthorizer}. */
export interface ApiAuthorizerProps extends EdgewardCodeOptions {
  /**
   * The authorizer kind. Default: from the function's `type` in the config (`rest-token-authorizer` →
   * `rest-token`, `rest-request-authorizer` → `rest-request`, `http-authorizer` → `http`); when given it must
   * match that type.
   */
  readonly kind?: ApiAuthorizerKind;
  /**
   * Environment variables of the authorizer function, e.g. the HS256 secret named by an `{ env: NAME }`
   * secret source (prefer Secrets Manager: environment variables are visible to anyone who can read the
   * function configuration). Default: none.
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** HTTP API response type. Default `simple` (`{isAuthorized, context}`), or `iam` for IAM policies. */
  readonly httpResponseType?: 'simple' | 'iam';
  /**
   * Identity sources. Defaults: REST TOKEN `method.request.header.Authorization`; REST REQUEST
   * `method.request.header.Authorization`; HTTP API `$request.header.Authorization`.
   */
  readonly identitySources?: readonly string[];
  /**
   * Result cache TTL. Default 300 s — safe because edgeward's policy covers every route the token may call,
   * not only the route of the first request. Maximum 3600 s.
   */
  readonly resultsCacheTtl?: Duration;
  /** Memory of the authorizer function in MB. Default 256. */
  readonly memorySize?: number;
  /**
   * Retention of the function's log group (`/aws/lambda/<name>`, created by this construct). Default:
   * Lambda creates the group on first run and keeps logs forever.
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The authorizer function (nodejs22.x, bundled by `edgeward build` with its config baked in) and the
 * matching API Gateway authorizer. The function's role only has basic execution (CloudWatch Logs) rights.
 *
 * @see [Amazon API Gateway Developer Guide - Use API Gateway Lambda authorizers](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html)
 */
export class ApiAuthorizer extends Construct {
  /** The authorizer Lambda function. */
  readonly function: lambda.Function;
  /** The REST API authorizer, for `kind` `rest-token` / `rest-request`. */
  readonly restAuthorizer?: apigateway.IAuthorizer;
  /** The HTTP API authorizer, for `kind` `http`. */
  readonly httpAuthorizer?: authorizers.HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, props: ApiAuthorizerProps) {
    super(scope, id);
    const name = 'ApiAuthorizer';
    const { fn, issuer } = readFunctionConfig(name, props.configFile, props.functionName, [
      'rest-token-authorizer',
      'rest-request-authorizer',
      'http-authorizer',
    ]);
    const kind = KIND_OF_TYPE[fn.type];
    if (props.kind !== undefined && props.kind !== kind) {
      throw new EdgewardPropsError(
        name,
        'kind',
        `'${props.kind}' does not match the function's type '${fn.type}'`,
      );
    }
    const ttl = props.resultsCacheTtl ?? Duration.seconds(300);
    if (ttl.toSeconds() > 3600) {
      throw new EdgewardPropsError(
        name,
        'resultsCacheTtl',
        'expected at most 3600 seconds (API Gateway maximum)',
      );
    }
    if (props.identitySources?.length === 0) {
      throw new EdgewardPropsError(name, 'identitySources', 'expected at least one identity source');
    }
    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: edgewardCode(props),
      memorySize: props.memorySize ?? 256,
      timeout: Duration.seconds(10),
      description: `edgeward ${kind} authorizer (${props.functionName})`,
      ...(props.environment ? { environment: { ...props.environment } } : {}),
      ...(props.logRetention === undefined
        ? {}
        : { logGroup: new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention }) }),
    });
    acknowledge(this.function, ACKNOWLEDGED.authorizerRuntime, ACKNOWLEDGED.basicExecutionRole);
    if (issuer.kind === 'hs256') {
      const secret = issuer.secret;
      if ('secretsManager' in secret) {
        this.function.addToRolePolicy(
          secretReadStatement(this, secret.secretsManager.secretId, secret.secretsManager.region),
        );
      } else if ('env' in secret && props.environment?.[secret.env] === undefined) {
        throw new EdgewardPropsError(
          name,
          `environment.${secret.env}`,
          `the issuer's HS256 secret is read from the environment variable ${secret.env}; set it (or use a Secrets Manager source)`,
        );
      }
    }
    switch (kind) {
      case 'rest-token': {
        const source = props.identitySources?.[0] ?? 'method.request.header.Authorization';
        if ((props.identitySources?.length ?? 1) !== 1) {
          throw new EdgewardPropsError(
            name,
            'identitySources',
            'a TOKEN authorizer takes exactly one identity source',
          );
        }
        this.restAuthorizer = new apigateway.TokenAuthorizer(this, 'Authorizer', {
          handler: this.function,
          identitySource: source,
          resultsCacheTtl: ttl,
        });
        break;
      }
      case 'rest-request':
        this.restAuthorizer = new apigateway.RequestAuthorizer(this, 'Authorizer', {
          handler: this.function,
          identitySources: [...(props.identitySources ?? ['method.request.header.Authorization'])],
          resultsCacheTtl: ttl,
        });
        break;
      case 'http':
        this.httpAuthorizer = new authorizers.HttpLambdaAuthorizer('Authorizer', this.function, {
          identitySource: [...(props.identitySources ?? ['$request.header.Authorization'])],
          resultsCacheTtl: ttl,
          responseTypes: [
            props.httpResponseType === 'iam'
              ? authorizers.HttpLambdaResponseType.IAM
              : authorizers.HttpLambdaResponseType.SIMPLE,
          ],
        });
        break;
      default:
        throw new EdgewardPropsError(name, 'kind', "expected 'rest-token', 'rest-request' or 'http'");
    }
  }
}

const KIND_OF_TYPE: Readonly<Record<string, ApiAuthorizerKind>> = {
  'rest-token-authorizer': 'rest-token',
  'rest-request-authorizer': 'rest-request',
  'http-authorizer': 'http',
};
