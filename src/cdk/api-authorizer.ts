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
import { Construct } from 'constructs';
import { type EdgewardCodeOptions, edgewardCode } from './bundling.js';
import { EdgewardPropsError } from './validation.js';

/** Which API Gateway authorizer to create. */
export type ApiAuthorizerKind = 'rest-token' | 'rest-request' | 'http';

/** Props of {@link ApiAuthorizer}. */
export interface ApiAuthorizerProps extends EdgewardCodeOptions {
  /** The authorizer kind; must match the function's `type` in the edgeward config. */
  readonly kind: ApiAuthorizerKind;
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
}

/**
 * The authorizer function (nodejs22.x, bundled by `edgeward build` with its config baked in) and the
 * matching API Gateway authorizer. The function's role only has basic execution (CloudWatch Logs) rights.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
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
      description: `edgeward ${props.kind} authorizer (${props.functionName})`,
    });
    switch (props.kind) {
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
          responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
        });
        break;
      default:
        throw new EdgewardPropsError(name, 'kind', "expected 'rest-token', 'rest-request' or 'http'");
    }
  }
}
