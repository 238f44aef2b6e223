import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Reader } from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';

interface DescriptorIndex {
  files: Map<string, Uint8Array>;
  dependencies: Map<string, string[]>;
  /** Fully-qualified message, enum, service and method names → the file that defines them. */
  symbols: Map<string, string>;
}

interface FileProto {
  name: string;
  package?: string;
  dependency?: string[];
  messageType?: MessageProto[];
  enumType?: { name: string }[];
  service?: { name: string; method?: { name: string }[] }[];
}
interface MessageProto {
  name: string;
  nestedType?: MessageProto[];
  enumType?: { name: string }[];
}

/** Indexes a serialized FileDescriptorSet, keeping each file's bytes exactly as buf wrote them. */
export function indexDescriptorSet(bytes: Uint8Array): DescriptorIndex {
  const index: DescriptorIndex = { files: new Map(), dependencies: new Map(), symbols: new Map() };
  const reader = Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 1 || (tag & 7) !== 2) {
      reader.skipType(tag & 7);
      continue;
    }
    const raw = reader.bytes();
    const file = (descriptor.FileDescriptorProto as unknown as { decode(b: Uint8Array): FileProto }).decode(raw);
    index.files.set(file.name, raw);
    index.dependencies.set(file.name, file.dependency ?? []);
    const prefix = file.package ? `${file.package}.` : '';
    const addMessage = (m: MessageProto, scope: string) => {
      const name = `${scope}${m.name}`;
      index.symbols.set(name, file.name);
      m.enumType?.forEach((e) => index.symbols.set(`${name}.${e.name}`, file.name));
      m.nestedType?.forEach((n) => addMessage(n, `${name}.`));
    };
    file.messageType?.forEach((m) => addMessage(m, prefix));
    file.enumType?.forEach((e) => index.symbols.set(`${prefix}${e.name}`, file.name));
    for (const s of file.service ?? []) {
      index.symbols.set(`${prefix}${s.name}`, file.name);
      s.method?.forEach((m) => index.symbols.set(`${prefix}${s.name}.${m.name}`, file.name));
    }
  }
  return index;
}

/** The file and everything it imports, the file first. */
function withDependencies(index: DescriptorIndex, fileName: string): Uint8Array[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !index.files.has(name)) return;
    seen.add(name);
    index.dependencies.get(name)?.forEach(visit);
  };
  visit(fileName);
  return [...seen].map((n) => index.files.get(n)!);
}

interface ReflectionRequest {
  host: string;
  message_request?: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  list_services?: string;
}

const reflectionProtoDir = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto');

/**
 * Server reflection (v1 and v1alpha) answered from the exact descriptor set, so `grpcurl`
 * can describe and call every method; services listed are the ones this server serves.
 */
export function addReflection(server: grpc.Server, descriptorSetPath: string, services: string[]): void {
  const index = indexDescriptorSet(readFileSync(descriptorSetPath));
  const respond = (req: ReflectionRequest) => {
    const base = { valid_host: req.host, original_request: req };
    const files = (name: string | undefined) =>
      name && index.files.has(name) ? { file_descriptor_response: { file_descriptor_proto: withDependencies(index, name) } } : undefined;
    const notFound = (what: string) => ({ error_response: { error_code: grpc.status.NOT_FOUND, error_message: `${what} not found` } });
    switch (req.message_request) {
      case 'list_services':
        return { ...base, list_services_response: { service: services.map((name) => ({ name })) } };
      case 'file_by_filename':
        return { ...base, ...(files(req.file_by_filename) ?? notFound(`file ${req.file_by_filename}`)) };
      case 'file_containing_symbol':
        return { ...base, ...(files(index.symbols.get(req.file_containing_symbol ?? '')) ?? notFound(`symbol ${req.file_containing_symbol}`)) };
      default:
        return { ...base, error_response: { error_code: grpc.status.UNIMPLEMENTED, error_message: `${req.message_request} is not supported` } };
    }
  };
  for (const version of ['v1', 'v1alpha']) {
    const file = path.join(reflectionProtoDir, `grpc/reflection/${version}/reflection.proto`);
    const pkg = grpc.loadPackageDefinition(loadSync(file, { keepCase: true, oneofs: true, defaults: false }));
    const ctor = (pkg.grpc as grpc.GrpcObject).reflection as grpc.GrpcObject;
    const service = ((ctor[version] as grpc.GrpcObject).ServerReflection as grpc.ServiceClientConstructor).service;
    server.addService(service, {
      ServerReflectionInfo: (call: grpc.ServerDuplexStream<ReflectionRequest, unknown>) => {
        call.on('data', (req: ReflectionRequest) => call.write(respond(req)));
        call.on('end', () => call.end());
        call.on('error', () => undefined);
      },
    });
  }
}
