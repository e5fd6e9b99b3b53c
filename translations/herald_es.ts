<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Format</name>
    <message>
        <source>%1/s</source>
        <extracomment>A data rate, e.g. &quot;1.5 KiB/s&quot;</extracomment>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 d %2</source>
        <extracomment>Uptime: days, then hours:minutes:seconds</extracomment>
        <translation>%1 d %2</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ChannelsModel</name>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>Suscriptores</translation>
    </message>
    <message>
        <source>Messages/s</source>
        <translation>Mensajes/s</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Last seq</source>
        <translation>Última sec.</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>Época %1</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Última actividad</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectDialog</name>
    <message>
        <source>Connect to a hub</source>
        <translation>Conectarse a un hub</translation>
    </message>
    <message>
        <source>Not needed on the hub&apos;s own machine</source>
        <translation>No es necesario en la máquina del hub</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Conectar</translation>
    </message>
    <message>
        <source>Hub &amp;URL:</source>
        <translation>&amp;URL del hub:</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>&amp;Token de administración:</translation>
    </message>
    <message>
        <source>Enter a WebSocket URL, e.g. ws://127.0.0.1:8080/ws.</source>
        <translation>Introduzca una URL de WebSocket, p. ej., ws://127.0.0.1:8080/ws.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectionIndicator</name>
    <message>
        <source>Connected to %1 · %2 ms</source>
        <extracomment>%1 is the hub&apos;s URL, %2 the round trip in milliseconds</extracomment>
        <translation>Conectado a %1 · %2 ms</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Conectado a %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando a %1…</translation>
    </message>
    <message>
        <source>Reconnecting to %1 (attempt %2)…</source>
        <extracomment>%1 is the hub&apos;s URL, %2 the number of the attempt</extracomment>
        <translation>Reconectando a %1 (intento %2)…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::ConnectionsModel</name>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A user: their name, then their id</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Inquilino</translation>
    </message>
    <message>
        <source>Remote address</source>
        <translation>Dirección remota</translation>
    </message>
    <message>
        <source>Dialect</source>
        <translation>Dialecto</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Suscripciones</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Entrantes</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Salientes</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::HubMonitor</name>
    <message>
        <source>Cannot watch %1: %2</source>
        <extracomment>%1 is a channel, %2 the hub&apos;s reason</extracomment>
        <translation>No se puede observar %1: %2</translation>
    </message>
    <message>
        <source>The connection to the hub was lost before it closed the connection.</source>
        <extracomment>%1 is the hub&apos;s reason</extracomment>
        <translation>Se perdió la conexión con el hub antes de que cerrara la conexión.</translation>
    </message>
    <message>
        <source>The hub did not close the connection: %1</source>
        <translation>El hub no cerró la conexión: %1</translation>
    </message>
    <message>
        <source>The connection to the hub was lost before it confirmed the publication.</source>
        <translation>Se perdió la conexión con el hub antes de que confirmara la publicación.</translation>
    </message>
    <message>
        <source>The hub refused the publication: %1</source>
        <translation>El hub rechazó la publicación: %1</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::LanguageManager</name>
    <message>
        <source>Use this language (de, en, es, fr, …) instead of the system&apos;s, for this run.</source>
        <translation>Usar este idioma (de, en, es, fr, …) en lugar del idioma del sistema, para esta ejecución.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>código</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>The monitor will follow the system&apos;s language from its next start.</source>
        <translation>El monitor seguirá el idioma del sistema a partir de su próximo inicio.</translation>
    </message>
    <message>
        <source>The monitor will use %1 from its next start.</source>
        <translation>El monitor usará %1 a partir de su próximo inicio.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::MainWindow</name>
    <message>
        <source>Tail</source>
        <translation>Flujo en vivo</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Conexiones</translation>
    </message>
    <message>
        <source>This connection may not use the hub&apos;s admin extensions (%1). Run the monitor on the hub&apos;s machine, or connect with a token that has the admin role.</source>
        <extracomment>%1 is the hub&apos;s reason</extracomment>
        <translation>Esta conexión no puede usar las extensiones de administración del hub (%1). Ejecute el monitor en la máquina del hub o conéctese con un token que tenga el rol admin.</translation>
    </message>
    <message>
        <source>Published on %1 as seq %2.</source>
        <extracomment>%1 is a channel, %2 the publication&apos;s sequence number</extracomment>
        <translation>Publicado en %1 con la sec. %2.</translation>
    </message>
    <message>
        <source>Connection %1 closed.</source>
        <translation>Conexión %1 cerrada.</translation>
    </message>
    <message>
        <source>&amp;Connect to Hub…</source>
        <translation>&amp;Conectar a un hub…</translation>
    </message>
    <message>
        <source>&amp;Publish…</source>
        <translation>&amp;Publicar…</translation>
    </message>
    <message>
        <source>&amp;Disconnect Connection</source>
        <translation>&amp;Desconectar la conexión</translation>
    </message>
    <message>
        <source>Close the connection selected in the connections table</source>
        <translation>Cerrar la conexión seleccionada en la tabla de conexiones</translation>
    </message>
    <message>
        <source>&amp;Refresh Connections</source>
        <translation>&amp;Actualizar las conexiones</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Hub</source>
        <translation>&amp;Hub</translation>
    </message>
    <message>
        <source>&amp;Recent Hubs</source>
        <translation>Hubs &amp;recientes</translation>
    </message>
    <message>
        <source>&amp;Channel</source>
        <translation>&amp;Canal</translation>
    </message>
    <message>
        <source>C&amp;onnections</source>
        <translation>C&amp;onexiones</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Herald Monitor</source>
        <translation>&amp;Acerca de Herald Monitor</translation>
    </message>
    <message>
        <source>About Herald Monitor</source>
        <translation>Acerca de Herald Monitor</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Herald Monitor&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;The live console for Herald hubs: channels, presence, rates, the tail of a channel and the connections, through the hub&apos;s admin extensions.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Herald Monitor&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;La consola en vivo de los hubs de Herald: canales, presencia, tasas, el flujo en vivo de un canal y las conexiones, a través de las extensiones de administración del hub.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Filter channels</source>
        <translation>Filtrar canales</translation>
    </message>
    <message>
        <source>Hub channels ($…)</source>
        <translation>Canales del hub ($…)</translation>
    </message>
    <message>
        <source>Also list the hub&apos;s own channels, such as $sys.stats</source>
        <translation>Listar también los canales propios del hub, como $sys.stats</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Filter by id, user, tenant or address</source>
        <translation>Filtrar por id, usuario, inquilino o dirección</translation>
    </message>
    <message>
        <source>Herald Monitor</source>
        <translation>Herald Monitor</translation>
    </message>
    <message>
        <source>Herald Monitor — embedded hub on %1</source>
        <extracomment>%1 is the URL of the hub running inside the monitor</extracomment>
        <translation>Herald Monitor — hub integrado en %1</translation>
    </message>
    <message>
        <source>Herald Monitor — %1</source>
        <translation>Herald Monitor — %1</translation>
    </message>
    <message>
        <source>Tail · %1</source>
        <translation>Flujo en vivo · %1</translation>
    </message>
    <message>
        <source>Presence: select a channel</source>
        <translation>Presencia: seleccione un canal</translation>
    </message>
    <message numerus="yes">
        <source>Presence on %1 · %n user(s)</source>
        <extracomment>%1 is a channel; %n the number of users on it</extracomment>
        <translation>
            <numerusform>Presencia en %1 · %n usuario</numerusform>
            <numerusform>Presencia en %1 · %n usuarios</numerusform>
        </translation>
    </message>
    <message>
        <source>Connections (%1)</source>
        <translation>Conexiones (%1)</translation>
    </message>
    <message>
        <source>No hubs yet</source>
        <translation>Aún no hay hubs</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Vaciar la lista</translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation>No publicado: %1</translation>
    </message>
    <message>
        <source>Cannot disconnect %1: %2</source>
        <extracomment>%1 is a connection id, %2 why the request could not be sent</extracomment>
        <translation>No se puede desconectar %1: %2</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::OverviewPanel</name>
    <message>
        <source>Connections</source>
        <translation>Conexiones</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Publications in/s</source>
        <translation>Publicaciones recibidas/s</translation>
    </message>
    <message>
        <source>Deliveries out/s</source>
        <translation>Entregas enviadas/s</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes recibidos</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes enviados</translation>
    </message>
    <message>
        <source>Backplane</source>
        <translation>Backplane</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Tiempo activo</translation>
    </message>
    <message>
        <source>Hub version</source>
        <translation>Versión del hub</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <extracomment>Backplane state: its kind (memory, redis), then up or down</extracomment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>up</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>down</source>
        <translation>caído</translation>
    </message>
    <message>
        <source>Lag: %1 ms</source>
        <translation>Retraso: %1 ms</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::PresenceModel</name>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Conexiones</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>before %1</source>
        <extracomment>Presence: the user was already there when the monitor looked, at this time</extracomment>
        <translation>antes de %1</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::PublishDialog</name>
    <message>
        <source>Publish</source>
        <translation>Publicar</translation>
    </message>
    <message>
        <source>Format JSON</source>
        <translation>Formatear JSON</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>&amp;Canal:</translation>
    </message>
    <message>
        <source>&amp;Event type:</source>
        <translation>Tipo de &amp;evento:</translation>
    </message>
    <message>
        <source>&amp;Payload (JSON):</source>
        <translation>Carga &amp;útil (JSON):</translation>
    </message>
    <message>
        <source>Valid JSON.</source>
        <translation>JSON válido.</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::RateChart</name>
    <message>
        <source>All channels (publications/s)</source>
        <translation>Todos los canales (publicaciones/s)</translation>
    </message>
    <message>
        <source>msg/s</source>
        <extracomment>Axis title: messages per second</extracomment>
        <translation>msj/s</translation>
    </message>
    <message>
        <source>%1 (publications/s)</source>
        <extracomment>Chart legend: the selected channel&apos;s publications per second</extracomment>
        <translation>%1 (publicaciones/s)</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::RatesModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Publications/s</source>
        <translation>Publicaciones/s</translation>
    </message>
    <message>
        <source>Deliveries/s</source>
        <translation>Entregas/s</translation>
    </message>
    <message>
        <source>Selected channel/s</source>
        <translation>Canal seleccionado/s</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::TailModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Sec.</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Carga útil</translation>
    </message>
</context>
<context>
    <name>Herald::Monitor::TailPanel</name>
    <message>
        <source>Pretty JSON</source>
        <translation>JSON con formato</translation>
    </message>
    <message>
        <source>Filter by event, sender or payload</source>
        <translation>Filtrar por evento, remitente o carga útil</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Show the selected message&apos;s payload as indented JSON</source>
        <translation>Mostrar la carga útil del mensaje seleccionado como JSON con sangría</translation>
    </message>
    <message>
        <source>Select a message to see its payload.</source>
        <translation>Seleccione un mensaje para ver su carga útil.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message numerus="yes">
        <source>Resume (%n new)</source>
        <extracomment>Tail paused: %n messages arrived meanwhile</extracomment>
        <translation>
            <numerusform>Reanudar (%n nuevo)</numerusform>
            <numerusform>Reanudar (%n nuevos)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeraldHub</name>
    <message>
        <source>--%1 must be a whole number of at least %2, not &apos;%3&apos;</source>
        <translation>--%1 debe ser un número entero de al menos %2, no «%3»</translation>
    </message>
    <message>
        <source>invalid API key: %1</source>
        <translation>clave de API no válida: %1</translation>
    </message>
    <message>
        <source>file</source>
        <translation>archivo</translation>
    </message>
    <message>
        <source>Read settings from this INI file ([hub] section).</source>
        <translation>Leer la configuración de este archivo INI (sección [hub]).</translation>
    </message>
    <message>
        <source>address</source>
        <translation>dirección</translation>
    </message>
    <message>
        <source>Address to listen on.</source>
        <translation>Dirección en la que escuchar.</translation>
    </message>
    <message>
        <source>port</source>
        <translation>puerto</translation>
    </message>
    <message>
        <source>Port to listen on.</source>
        <translation>Puerto en el que escuchar.</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>bytes</translation>
    </message>
    <message>
        <source>Largest frame a client may send; larger closes with 1009.</source>
        <translation>Trama más grande que puede enviar un cliente; una mayor cierra la conexión con 1009.</translation>
    </message>
    <message>
        <source>count</source>
        <translation>número</translation>
    </message>
    <message>
        <source>Messages kept per channel for history and recovery.</source>
        <translation>Mensajes conservados por canal para el historial y la recuperación.</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>How long a channel with no subscribers keeps its history.</source>
        <translation>Cuánto tiempo conserva su historial un canal sin suscriptores.</translation>
    </message>
    <message>
        <source>Ping every client this often (0: never).</source>
        <translation>Enviar un ping a cada cliente con esta frecuencia (0: nunca).</translation>
    </message>
    <message>
        <source>Close a client silent for this long (0: never).</source>
        <translation>Cerrar un cliente que lleve este tiempo en silencio (0: nunca).</translation>
    </message>
    <message>
        <source>level</source>
        <translation>nivel</translation>
    </message>
    <message>
        <source>One of debug, info, warning, error.</source>
        <translation>Uno de debug, info, warning, error.</translation>
    </message>
    <message>
        <source>Event-loop threads serving connections.</source>
        <translation>Hilos con bucle de eventos que atienden las conexiones.</translation>
    </message>
    <message>
        <source>Channels with more subscribers send no presence join/leave events (0: no limit).</source>
        <translation>Los canales con más suscriptores no envían eventos de presencia de entrada y salida (0: sin límite).</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Share channels with other hubs through this Redis server (redis://[:password@]host:port[/db]).</source>
        <translation>Compartir los canales con otros hubs a través de este servidor Redis (redis://[:password@]host:port[/db]).</translation>
    </message>
    <message>
        <source>Exit if Redis cannot be reached at start, instead of serving and retrying.</source>
        <translation>Salir si Redis no está accesible al arrancar, en lugar de seguir sirviendo y reintentar.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>With --redis: how often members&apos; presence is refreshed; a stopped hub&apos;s members disappear after three of these.</source>
        <translation>Con --redis: cada cuánto se renueva la presencia de los miembros; los miembros de un hub detenido desaparecen tras tres de estos intervalos.</translation>
    </message>
    <message>
        <source>key[:user]</source>
        <translation>clave[:usuario]</translation>
    </message>
    <message>
        <source>A key for the HTTP API (/api/*); repeatable. &apos;:user&apos; gives it an identity. Also HERALD_API_KEYS or api-keys= in [http], comma-separated.</source>
        <translation>Una clave para la API HTTP (/api/*); se puede repetir. «:usuario» le da una identidad. También HERALD_API_KEYS o api-keys= en [http], separadas por comas.</translation>
    </message>
    <message>
        <source>List this many busiest channels in /metrics (0: none).</source>
        <translation>Listar este número de canales más activos en /metrics (0: ninguno).</translation>
    </message>
    <message>
        <source>Do not serve the web console at /.</source>
        <translation>No servir la consola web en /.</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>canal</translation>
    </message>
    <message>
        <source>Seed 004&apos;s clients: a connection with only ?user_id= gets the raw publications of this channel, {user_id} replaced (e.g. user.{user_id}).</source>
        <translation>Para los clientes de la semilla 004: una conexión con solo ?user_id= recibe las publicaciones en bruto de este canal, con {user_id} sustituido (p. ej., user.{user_id}).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a whole number of at least %2</source>
        <translation>«%1» no es un número entero de al menos %2</translation>
    </message>
    <message>
        <source>Close connections without a valid token (4001).</source>
        <translation>Cerrar las conexiones sin un token válido (4001).</translation>
    </message>
    <message>
        <source>HS256 shared secret (at least 32 bytes).</source>
        <translation>Secreto compartido HS256 (al menos 32 bytes).</translation>
    </message>
    <message>
        <source>RS256 or ES256 public key (PEM).</source>
        <translation>Clave pública RS256 o ES256 (PEM).</translation>
    </message>
    <message>
        <source>Clock skew allowed on exp and nbf.</source>
        <translation>Desfase de reloj permitido en exp y nbf.</translation>
    </message>
    <message>
        <source>bool</source>
        <translation>booleano</translation>
    </message>
    <message>
        <source>Refuse tokens without exp.</source>
        <translation>Rechazar los tokens sin exp.</translation>
    </message>
    <message>
        <source>iss</source>
        <translation>iss</translation>
    </message>
    <message>
        <source>The iss a token must carry.</source>
        <translation>El iss que debe llevar un token.</translation>
    </message>
    <message>
        <source>aud</source>
        <translation>aud</translation>
    </message>
    <message>
        <source>The aud a token must carry.</source>
        <translation>El aud que debe llevar un token.</translation>
    </message>
    <message>
        <source>origins</source>
        <translation>orígenes</translation>
    </message>
    <message>
        <source>Comma-separated origins browsers may connect from (default: any).</source>
        <translation>Orígenes, separados por comas, desde los que pueden conectarse los navegadores (predeterminado: cualquiera).</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>modo</translation>
    </message>
    <message>
        <source>auto, allow or deny: channels no rule decides.</source>
        <translation>auto, allow o deny: para los canales que ninguna regla decide.</translation>
    </message>
    <message>
        <source>Connections in all (0: no limit).</source>
        <translation>Conexiones en total (0: sin límite).</translation>
    </message>
    <message>
        <source>Connections per user.</source>
        <translation>Conexiones por usuario.</translation>
    </message>
    <message>
        <source>Connections per tenant.</source>
        <translation>Conexiones por inquilino.</translation>
    </message>
    <message>
        <source>Subscriptions per connection.</source>
        <translation>Suscripciones por conexión.</translation>
    </message>
    <message>
        <source>Longest channel name.</source>
        <translation>Nombre de canal más largo.</translation>
    </message>
    <message>
        <source>ranges</source>
        <translation>rangos</translation>
    </message>
    <message>
        <source>Characters allowed in channel names.</source>
        <translation>Caracteres permitidos en los nombres de canal.</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>tasa</translation>
    </message>
    <message>
        <source>Frames per connection: 1000, 1000/s, 100/min (0: no limit).</source>
        <translation>Tramas por conexión: 1000, 1000/s, 100/min (0: sin límite).</translation>
    </message>
    <message>
        <source>Frames a connection may send at once.</source>
        <translation>Tramas que una conexión puede enviar de una vez.</translation>
    </message>
    <message>
        <source>Refused frames within the abuse window before closing with 4002 (0: never).</source>
        <translation>Tramas rechazadas dentro de la ventana de abuso antes de cerrar con 4002 (0: nunca).</translation>
    </message>
    <message>
        <source>The window for --abuse-threshold.</source>
        <translation>La ventana de --abuse-threshold.</translation>
    </message>
    <message>
        <source>Bytes queued for a client that does not read before it is closed with 4005.</source>
        <translation>Bytes en cola para un cliente que no lee, antes de cerrarlo con 4005.</translation>
    </message>
    <message>
        <source>PEM certificate: serve wss:// (with --tls-key).</source>
        <translation>Certificado PEM: servir wss:// (con --tls-key).</translation>
    </message>
    <message>
        <source>PEM private key for --tls-cert.</source>
        <translation>Clave privada PEM para --tls-cert.</translation>
    </message>
    <message>
        <source>Herald hub: real-time publish/subscribe over WebSocket.
Every option can also be set as HERALD_&lt;NAME&gt; in the environment (e.g. HERALD_PORT) or as &lt;name&gt;= in the [hub] section of the config file; flags win over the environment, which wins over the file.</source>
        <translation>Hub de Herald: publicación/suscripción en tiempo real sobre WebSocket.
Cada opción puede fijarse también como HERALD_&lt;NAME&gt; en el entorno (p. ej., HERALD_PORT) o como &lt;name&gt;= en la sección [hub] del archivo de configuración; la línea de órdenes prevalece sobre el entorno, y este sobre el archivo.</translation>
    </message>
    <message>
        <source>Default: %1.</source>
        <translation>Predeterminado: %1.</translation>
    </message>
    <message>
        <source>cannot read config file &apos;%1&apos;</source>
        <translation>no se puede leer el archivo de configuración «%1»</translation>
    </message>
    <message>
        <source>config file &apos;%1&apos; is not a valid INI file</source>
        <translation>el archivo de configuración «%1» no es un archivo INI válido</translation>
    </message>
    <message>
        <source>--log-level must be one of debug, info, warning, error</source>
        <translation>--log-level debe ser debug, info, warning o error</translation>
    </message>
    <message>
        <source>--port must be at most 65535</source>
        <translation>--port debe ser como máximo 65535</translation>
    </message>
    <message>
        <source>--host must be an IP address, not &apos;%1&apos;</source>
        <translation>--host debe ser una dirección IP, no «%1»</translation>
    </message>
    <message>
        <source>config file &apos;%1&apos;: %2</source>
        <translation>archivo de configuración «%1»: %2</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1: %2</translation>
    </message>
    <message>
        <source>PostgreSQL bridge: %1</source>
        <translation>Puente de PostgreSQL: %1</translation>
    </message>
    <message>
        <source>cannot set up signal handling</source>
        <translation>no se puede configurar el manejo de señales</translation>
    </message>
    <message>
        <source>Redis is required and unavailable: %1</source>
        <translation>Redis es necesario y no está disponible: %1</translation>
    </message>
    <message>
        <source>Let all threads share one descriptor table. By default (Linux) each thread has its own, so the hub holds up to threads times the open-files limit in connections.</source>
        <translation>Todos los hilos comparten una sola tabla de descriptores. Por defecto (Linux) cada hilo tiene la suya, así que el hub mantiene hasta hilos por el límite de archivos abiertos en conexiones.</translation>
    </message>
</context>
<context>
    <name>HeraldMonitor</name>
    <message>
        <source>Herald Monitor</source>
        <translation>Herald Monitor</translation>
    </message>
    <message>
        <source>The live console for a Herald hub.</source>
        <translation>La consola en vivo de un hub de Herald.</translation>
    </message>
    <message>
        <source>Monitor the hub at &lt;url&gt;, e.g. ws://127.0.0.1:8080/ws.</source>
        <translation>Supervisar el hub en &lt;url&gt;, p. ej., ws://127.0.0.1:8080/ws.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Admin token for a hub on another machine.</source>
        <translation>Token de administración para un hub en otra máquina.</translation>
    </message>
    <message>
        <source>token</source>
        <translation>token</translation>
    </message>
    <message>
        <source>Run a hub inside the monitor and monitor it.</source>
        <translation>Ejecutar un hub dentro del monitor y supervisarlo.</translation>
    </message>
    <message>
        <source>Port of the embedded hub on 127.0.0.1 (default 8080, or a free one).</source>
        <translation>Puerto del hub integrado en 127.0.0.1 (8080 por defecto, o uno libre).</translation>
    </message>
    <message>
        <source>port</source>
        <translation>puerto</translation>
    </message>
    <message>
        <source>Watch &lt;channel&gt; from the start.</source>
        <translation>Observar &lt;canal&gt; desde el inicio.</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>canal</translation>
    </message>
    <message>
        <source>--embedded and --url exclude each other.</source>
        <translation>--embedded y --url se excluyen mutuamente.</translation>
    </message>
    <message>
        <source>--port is for the embedded hub; give --embedded too.</source>
        <translation>--port es para el hub integrado; indique también --embedded.</translation>
    </message>
    <message>
        <source>Invalid port: %1</source>
        <translation>Puerto no válido: %1</translation>
    </message>
    <message>
        <source>Cannot start the embedded hub: %1</source>
        <translation>No se puede iniciar el hub integrado: %1</translation>
    </message>
    <message>
        <source>Not a WebSocket URL: %1</source>
        <translation>No es una URL de WebSocket: %1</translation>
    </message>
</context>
<context>
    <name>JsonText</name>
    <message>
        <source>Enter a JSON value, e.g. {&quot;text&quot;: &quot;hello&quot;} or null.</source>
        <translation>Introduzca un valor JSON, p. ej., {&quot;text&quot;: &quot;hello&quot;} o null.</translation>
    </message>
    <message>
        <source>more than one value</source>
        <translation>más de un valor</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Línea %1, columna %2: %3</translation>
    </message>
</context>
<context>
    <name>PublishCheck</name>
    <message>
        <source>Enter a channel.</source>
        <translation>Introduzca un canal.</translation>
    </message>
    <message>
        <source>A channel name has at most %1 characters.</source>
        <translation>Un nombre de canal tiene como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>Channels starting with $ belong to the hub.</source>
        <translation>Los canales que empiezan por $ pertenecen al hub.</translation>
    </message>
    <message>
        <source>A channel name cannot contain control characters.</source>
        <translation>Un nombre de canal no puede contener caracteres de control.</translation>
    </message>
    <message>
        <source>Enter an event type, e.g. message.</source>
        <translation>Introduzca un tipo de evento, p. ej., message.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is reserved for the hub&apos;s own frames.</source>
        <translation>«%1» está reservado para las tramas propias del hub.</translation>
    </message>
</context>
</TS>
