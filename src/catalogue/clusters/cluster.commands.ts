/** What the cluster service is asked to do, as plain data; the GraphQL inputs implement these. */
export interface RegisterClusterCommand {
  name: string;
  region: string;
  jurisdiction: string;
  availabilityZones?: string[];
  bootstrapServers: string;
}

/** Only the fields given change. */
export interface UpdateClusterCommand {
  name: string;
  region?: string;
  jurisdiction?: string;
  availabilityZones?: string[];
  bootstrapServers?: string;
  expectedVersion?: number;
}
