// CloudWatch Logs' delivery API as the simulator keeps it: delivery sources (a resource's vended
// logs of one type), delivery destinations (a log group, bucket or stream) and the deliveries
// joining them, each in one Region. Served by DescribeDeliverySources, DescribeDeliveries and
// GetDeliveryDestination (./handler.ts); set up by setKnowledgeBaseLogging (./api.ts).
import { randomInt } from 'node:crypto';
import type { DELIVERY_DESTINATION_TYPES } from './model.js';

type DestinationType = (typeof DELIVERY_DESTINATION_TYPES)[number];

export interface DeliverySource {
  name: string;
  arn: string;
  resourceArns: string[];
  service: string;
  logType: string;
  region: string;
}

export interface DeliveryDestination {
  name: string;
  arn: string;
  type: DestinationType;
  destinationResourceArn: string;
  region: string;
}

export interface Delivery {
  id: string;
  arn: string;
  deliverySourceName: string;
  deliveryDestinationArn: string;
  deliveryDestinationType: DestinationType;
  region: string;
}

/** What a knowledge base's application logs go to. */
export interface LogDelivery {
  resourceArn: string;
  region: string;
  account: string;
  /** The delivery's destination; a log group only for CWL. */
  type: DestinationType;
  logGroupName: string;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function deliveryId(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

export class Deliveries {
  sources: DeliverySource[] = [];
  destinations: DeliveryDestination[] = [];
  deliveries: Delivery[] = [];

  reset(): void {
    this.sources = [];
    this.destinations = [];
    this.deliveries = [];
  }

  /** A resource's APPLICATION_LOGS delivered to one destination, as the console sets it up. */
  add(d: LogDelivery, name: string): void {
    const arn = (kind: string, id: string) => `arn:aws:logs:${d.region}:${d.account}:${kind}:${id}`;
    const bucketOrStream: Record<string, string> = {
      S3: 'arn:aws:s3:::docs-example-logs',
      FH: `arn:aws:firehose:${d.region}:${d.account}:deliverystream/${name}`,
      XRAY: `arn:aws:xray:${d.region}:${d.account}:*`,
    };
    const destination: DeliveryDestination = {
      name: `${name}-${d.type.toLowerCase()}`,
      arn: arn('delivery-destination', `${name}-${d.type.toLowerCase()}`),
      type: d.type,
      destinationResourceArn:
        d.type === 'CWL' ? arn('log-group', d.logGroupName) : bucketOrStream[d.type],
      region: d.region,
    };
    const source = this.sources.find((s) => s.name === name) ?? {
      name,
      arn: arn('delivery-source', name),
      resourceArns: [d.resourceArn],
      service: 'bedrock',
      logType: 'APPLICATION_LOGS',
      region: d.region,
    };
    if (!this.sources.includes(source)) this.sources.push(source);
    this.destinations.push(destination);
    const id = deliveryId();
    this.deliveries.push({
      id,
      arn: arn('delivery', id),
      deliverySourceName: name,
      deliveryDestinationArn: destination.arn,
      deliveryDestinationType: d.type,
      region: d.region,
    });
  }

  /** The log group a resource's logs of this type are delivered to, if any. */
  logGroupOf(resourceArn: string, logType: string, region: string): string | undefined {
    const source = this.sources.find(
      (s) => s.region === region && s.logType === logType && s.resourceArns.includes(resourceArn),
    );
    const delivery = this.deliveries.find(
      (d) => d.deliverySourceName === source?.name && d.deliveryDestinationType === 'CWL',
    );
    const destination = this.destinations.find((d) => d.arn === delivery?.deliveryDestinationArn);
    return destination && /:log-group:([^:]+)/.exec(destination.destinationResourceArn)?.[1];
  }
}
