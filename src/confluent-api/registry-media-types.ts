/** The Schema Registry's own media type, preferred in answers. */
export const REGISTRY_MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';

/** What a registry answer may be sent as, in order of preference. */
export const REGISTRY_ANSWER_TYPES = [REGISTRY_MEDIA_TYPE, 'application/vnd.schemaregistry+json', 'application/json'];
