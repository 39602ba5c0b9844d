/**
 * The client's ES module sources, imported one by one (ApiClient + the three APIs used) instead of the
 * package entry: its `browser` field points at a browserify bundle that assigns a global `require` and
 * cannot load as a module, and its `module` entry pulls in all ~130 API classes (3.9 MB of source).
 * Types come from the package's own index.d.ts.
 */
declare module 'purecloud-platform-client-v2/src/purecloud-platform-client-v2/ApiClient.js' {
  import type { ApiClientClass } from 'purecloud-platform-client-v2';
  const ApiClient: new () => ApiClientClass;
  export default ApiClient;
}
declare module 'purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/ConversationsApi.js' {
  import type { ConversationsApi } from 'purecloud-platform-client-v2';
  const Api: typeof ConversationsApi;
  export default Api;
}
declare module 'purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/NotificationsApi.js' {
  import type { NotificationsApi } from 'purecloud-platform-client-v2';
  const Api: typeof NotificationsApi;
  export default Api;
}
declare module 'purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/UsersApi.js' {
  import type { UsersApi } from 'purecloud-platform-client-v2';
  const Api: typeof UsersApi;
  export default Api;
}
