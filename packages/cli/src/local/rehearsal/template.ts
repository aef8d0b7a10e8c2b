/**
 * Navigating the templates of a cloud assembly: finding resources, following `Ref` / `Fn::GetAtt` /
 * `Fn::ImportValue` to the resource they name, and evaluating the intrinsic functions CDK emits
 * (`Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, pseudo parameters) far enough to read names, paths and
 * domain names. A reference to a resource evaluates to an opaque marker standing for its deploy-time value,
 * so `Fn::Split`/`Fn::Select` over a URL that contains one still find the resource.
 *
 * @see [AWS CloudFormation - Intrinsic function reference](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html)
 * @module
 */
import { isRecord } from 'edgeward/internal/core/record.js';
import type { AssemblyStack, CloudAssemblyModel, FileAsset, TemplateResource } from './assembly.js';

/** A resource and where it is. */
export interface ResourceRecord {
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  readonly resource: TemplateResource;
}

/** What a `Ref` or `Fn::GetAtt` points at. */
export interface ResourceTarget extends ResourceRecord {
  /** The attribute of `Fn::GetAtt`; undefined for `Ref`. */
  readonly attribute?: string;
}

/** `<stack id>/<logical id> (<type>)`: how the rehearsal names a resource in its report. */
export function describeResource(record: ResourceRecord): string {
  return `${record.stack.id}/${record.logicalId} (${record.resource.Type})`;
}

const MARK = '\u0000';
const MARKER = /\u0000(\d+)\u0000([^\u0000]+)\u0000([^\u0000]*)\u0000/g;

/** The single key of an intrinsic function object (`{ "Fn::Join": … }`), if `value` is one. */
function intrinsic(value: unknown): [string, unknown] | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key.startsWith('Fn::') ? [key, value[key]] : undefined;
}

/** Index over every stack of an assembly. */
export class TemplateIndex {
  readonly model: CloudAssemblyModel;
  private readonly assetsByKey = new Map<string, FileAsset>();

  constructor(model: CloudAssemblyModel) {
    this.model = model;
    for (const asset of model.assets) {
      for (const key of asset.objectKeys) this.assetsByKey.set(key, asset);
    }
  }

  /** Every resource of every stack, in stack and template order. */
  *records(): Iterable<ResourceRecord> {
    for (const stack of this.model.stacks) {
      for (const [logicalId, resource] of Object.entries(stack.resources)) {
        yield { stack, logicalId, resource };
      }
    }
  }

  /** Every resource of `type`. */
  ofType(type: string): ResourceRecord[] {
    return [...this.records()].filter((r) => r.resource.Type === type);
  }

  /** The resource `logicalId` of `stack`. */
  get(stack: AssemblyStack, logicalId: string): ResourceRecord | undefined {
    const resource = stack.resources[logicalId];
    return resource === undefined ? undefined : { stack, logicalId, resource };
  }

  /** The file asset published under the S3 object key `key`. */
  assetForObjectKey(key: string): FileAsset | undefined {
    return this.assetsByKey.get(key);
  }

  /**
   * The resource `value` refers to: `{ Ref }`, `{ Fn::GetAtt }`, an `Fn::ImportValue` of another stack's
   * export that is one, or a string that is exactly one reference marker.
   */
  target(stack: AssemblyStack, value: unknown): ResourceTarget | undefined {
    const fn = intrinsic(value);
    if (fn !== undefined) {
      const [name, arg] = fn;
      if (name === 'Ref' && typeof arg === 'string') return this.withAttribute(stack, arg, undefined);
      if (name === 'Fn::GetAtt') {
        const [id, attribute] = Array.isArray(arg)
          ? arg
          : typeof arg === 'string'
            ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)]
            : [];
        if (typeof id === 'string' && typeof attribute === 'string') {
          return this.withAttribute(stack, id, attribute);
        }
        return undefined;
      }
      if (name === 'Fn::ImportValue') {
        const exported = this.exported(stack, arg);
        return exported === undefined ? undefined : this.target(exported.stack, exported.value);
      }
    }
    if (typeof value === 'string') {
      const targets = this.targetsIn(value);
      if (targets.length === 1 && value.replace(MARKER, '') === '') return targets[0];
    }
    return undefined;
  }

  /** Every resource referenced by markers inside an evaluated string. */
  targetsIn(text: string): ResourceTarget[] {
    const out: ResourceTarget[] = [];
    for (const m of text.matchAll(MARKER)) {
      const stack = this.model.stacks[Number(m[1])];
      const found = stack === undefined ? undefined : this.withAttribute(stack, m[2]!, m[3] || undefined);
      if (found !== undefined) out.push(found);
    }
    return out;
  }

  /** Every resource referenced anywhere inside `value` (deep), e.g. the function inside an `AuthorizerUri`. */
  referencedIn(stack: AssemblyStack, value: unknown): ResourceTarget[] {
    const direct = this.target(stack, value);
    if (direct !== undefined) return [direct];
    if (typeof value === 'string') return this.targetsIn(value);
    const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
    return children.flatMap((child) => this.referencedIn(stack, child));
  }

  /**
   * Evaluates `value` in `stack`: literals as they are, pseudo parameters from the stack's environment,
   * references as markers, and `Fn::Join` / `Fn::Sub` / `Fn::Select` / `Fn::Split` / `Fn::ImportValue`.
   *
   * @returns the value, or undefined when it depends on something the template cannot tell (a parameter,
   *   a condition, an unknown function)
   */
  evaluate(stack: AssemblyStack, value: unknown): unknown {
    const fn = intrinsic(value);
    if (fn === undefined) {
      if (Array.isArray(value)) {
        const items = value.map((v) => this.evaluate(stack, v));
        return items.includes(undefined) ? undefined : items;
      }
      return value;
    }
    const [name, arg] = fn;
    switch (name) {
      case 'Ref':
        return typeof arg === 'string' ? this.refValue(stack, arg, undefined) : undefined;
      case 'Fn::GetAtt': {
        const found = this.target(stack, value);
        return found === undefined ? undefined : this.marker(found.stack, found.logicalId, found.attribute);
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return undefined;
        const parts = this.evaluate(stack, arg[1]);
        if (!Array.isArray(parts) || parts.some((p) => typeof p !== 'string' && typeof p !== 'number')) {
          return undefined;
        }
        return parts.join(arg[0]);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return undefined;
        const index = Number(this.evaluate(stack, arg[0]));
        const list = this.evaluate(stack, arg[1]);
        return Array.isArray(list) && Number.isInteger(index) ? list[index] : undefined;
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return undefined;
        const text = this.evaluate(stack, arg[1]);
        return typeof text === 'string' ? text.split(arg[0]) : undefined;
      }
      case 'Fn::Sub':
        return this.substitute(stack, arg);
      case 'Fn::ImportValue': {
        const exported = this.exported(stack, arg);
        return exported === undefined ? undefined : this.evaluate(exported.stack, exported.value);
      }
      default:
        return undefined;
    }
  }

  /** {@link evaluate} when the result is a string without references; else undefined. */
  literal(stack: AssemblyStack, value: unknown): string | undefined {
    const out = this.evaluate(stack, value);
    return typeof out === 'string' && !out.includes(MARK) ? out : undefined;
  }

  private withAttribute(
    stack: AssemblyStack,
    logicalId: string,
    attribute: string | undefined,
  ): ResourceTarget | undefined {
    const record = this.get(stack, logicalId);
    if (record === undefined) return undefined;
    return attribute === undefined ? record : { ...record, attribute };
  }

  private marker(stack: AssemblyStack, logicalId: string, attribute: string | undefined): string {
    const index = this.model.stacks.indexOf(stack);
    return `${MARK}${index}${MARK}${logicalId}${MARK}${attribute ?? ''}${MARK}`;
  }

  private refValue(stack: AssemblyStack, name: string, attribute: string | undefined): string | undefined {
    switch (name) {
      case 'AWS::Region':
        return stack.region;
      case 'AWS::AccountId':
        return stack.account;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
      default:
        return stack.resources[name] === undefined ? undefined : this.marker(stack, name, attribute);
    }
  }

  private substitute(stack: AssemblyStack, arg: unknown): string | undefined {
    const [template, variables] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof template !== 'string' || !isRecord(variables)) return undefined;
    let failed = false;
    const out = template.replace(/\$\{(!?)([^}]+)\}/g, (_m, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      if (name in variables) {
        const v = this.evaluate(stack, variables[name]);
        if (typeof v === 'string' || typeof v === 'number') return String(v);
      } else {
        const dot = name.indexOf('.');
        const v =
          dot === -1
            ? this.refValue(stack, name, undefined)
            : stack.resources[name.slice(0, dot)] === undefined
              ? undefined
              : this.marker(stack, name.slice(0, dot), name.slice(dot + 1));
        if (v !== undefined) return v;
      }
      failed = true;
      return '';
    });
    return failed ? undefined : out;
  }

  /** The output exported as the evaluated `name`, in whichever stack exports it. */
  private exported(
    stack: AssemblyStack,
    name: unknown,
  ): { stack: AssemblyStack; value: unknown } | undefined {
    const wanted = this.literal(stack, name);
    if (wanted === undefined) return undefined;
    for (const candidate of this.model.stacks) {
      for (const output of Object.values(candidate.outputs)) {
        if (this.literal(candidate, output.Export?.Name) === wanted) {
          return { stack: candidate, value: output.Value };
        }
      }
    }
    return undefined;
  }
}
