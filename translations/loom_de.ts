<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BundleFile</name>
    <message>
        <source>the design breaks a rule: %1</source>
        <translation>der Entwurf verletzt eine Regel: %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is too large for a bundle</source>
        <translation>%1 ist zu groß für ein Bündel</translation>
    </message>
    <message>
        <source>the engine&apos;s bundle is not readable: %1</source>
        <translation>das Bündel der Engine ist nicht lesbar: %1</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connect to an engine</source>
        <translation>Mit einer Engine verbinden</translation>
    </message>
    <message>
        <source>&amp;Local engine (unix socket)</source>
        <translation>&amp;Lokale Engine (Unix-Socket)</translation>
    </message>
    <message>
        <source>Socket:</source>
        <translation>Socket:</translation>
    </message>
    <message>
        <source>&amp;Remote engine (mutual TLS)</source>
        <translation>&amp;Entfernte Engine (gegenseitiges TLS)</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>Host:Port</translation>
    </message>
    <message>
        <source>CA certificate:</source>
        <translation>CA-Zertifikat:</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Zertifikat:</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
</context>
<context>
    <name>loom::ui::AuditModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Role</source>
        <extracomment>The caller&apos;s role on the engine (viewer or operator).</extracomment>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>From</source>
        <extracomment>Where a call came from: the local socket or a network address.</extracomment>
        <translation>Von</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>The role of a caller the engine did not let in.</extracomment>
        <translation>keine</translation>
    </message>
    <message>
        <source>done</source>
        <extracomment>An audited call that the engine carried out.</extracomment>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>loom::ui::ChartPanel</name>
    <message>
        <source>loading...</source>
        <translation>wird geladen...</translation>
    </message>
    <message>
        <source>history: %1</source>
        <translation>Verlauf: %1</translation>
    </message>
    <message>
        <source>%1: %2 (min %3, max %4)</source>
        <extracomment>A series under the mouse: name, average, and the extremes of its bucket</extracomment>
        <translation>%1: %2 (min. %3, max. %4)</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>loom::ui::ConnectionDialog</name>
    <message>
        <source>Give the engine&apos;s socket.</source>
        <translation>Geben Sie den Socket der Engine an.</translation>
    </message>
    <message>
        <source>Give the address as host:port.</source>
        <translation>Geben Sie die Adresse als Host:Port an.</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Give the %1 file.</source>
        <translation>Geben Sie die Datei für %1 an.</translation>
    </message>
    <message>
        <source>Cannot read the %1 file %2.</source>
        <translation>Die Datei für %1 (%2) kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>loom::ui::Dashboard</name>
    <message>
        <source>pkt/s</source>
        <translation>Pkt/s</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>ruhend</translation>
    </message>
    <message>
        <source>under 10%</source>
        <translation>unter 10 %</translation>
    </message>
    <message>
        <source>10-25%</source>
        <translation>10-25 %</translation>
    </message>
    <message>
        <source>25-50%</source>
        <translation>25-50 %</translation>
    </message>
    <message>
        <source>50-75%</source>
        <translation>50-75 %</translation>
    </message>
    <message>
        <source>75-90%</source>
        <translation>75-90 %</translation>
    </message>
    <message>
        <source>over 90%</source>
        <translation>über 90 %</translation>
    </message>
    <message>
        <source>idle (under 1 kbit/s)</source>
        <translation>ruhend (unter 1 kbit/s)</translation>
    </message>
    <message>
        <source>under 1 Mbit/s</source>
        <translation>unter 1 Mbit/s</translation>
    </message>
    <message>
        <source>1-10 Mbit/s</source>
        <translation>1-10 Mbit/s</translation>
    </message>
    <message>
        <source>10-100 Mbit/s</source>
        <translation>10-100 Mbit/s</translation>
    </message>
    <message>
        <source>100 Mbit/s-1 Gbit/s</source>
        <translation>100 Mbit/s-1 Gbit/s</translation>
    </message>
    <message>
        <source>1-10 Gbit/s</source>
        <translation>1-10 Gbit/s</translation>
    </message>
    <message>
        <source>over 10 Gbit/s</source>
        <translation>über 10 Gbit/s</translation>
    </message>
    <message>
        <source>under 0.5 ms</source>
        <translation>unter 0,5 ms</translation>
    </message>
    <message>
        <source>0.5-1 ms</source>
        <translation>0,5-1 ms</translation>
    </message>
    <message>
        <source>1-2 ms</source>
        <translation>1-2 ms</translation>
    </message>
    <message>
        <source>2-5 ms</source>
        <translation>2-5 ms</translation>
    </message>
    <message>
        <source>5-20 ms</source>
        <translation>5-20 ms</translation>
    </message>
    <message>
        <source>over 20 ms</source>
        <translation>über 20 ms</translation>
    </message>
    <message>
        <source>Busiest endpoints</source>
        <translation>Aktivste Endpunkte</translation>
    </message>
    <message>
        <source>Latency %1 → %2 on %3</source>
        <extracomment>Latency chart title: from host, to host or endpoint, over network</extracomment>
        <translation>Latenz %1 → %2 in %3</translation>
    </message>
    <message>
        <source>Endpoint %1 (%2)</source>
        <translation>Endpunkt %1 (%2)</translation>
    </message>
    <message>
        <source>Network %1, all hosts</source>
        <translation>Netzwerk %1, alle Hosts</translation>
    </message>
    <message>
        <source>Network %1 on %2</source>
        <translation>Netzwerk %1 auf %2</translation>
    </message>
    <message>
        <source>Underlay of all hosts</source>
        <translation>Underlay aller Hosts</translation>
    </message>
    <message>
        <source>Host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <source>Chart throughput</source>
        <translation>Durchsatz als Diagramm</translation>
    </message>
    <message>
        <source>Chart latency (from its host)</source>
        <translation>Latenz als Diagramm (von seinem Host)</translation>
    </message>
    <message>
        <source>Summed over all hosts</source>
        <translation>Summe über alle Hosts</translation>
    </message>
    <message>
        <source>On %1</source>
        <translation>Auf %1</translation>
    </message>
    <message>
        <source>Chart latency (the matrix)</source>
        <translation>Latenz als Diagramm (die Matrix)</translation>
    </message>
    <message>
        <source>Underlay of %1</source>
        <translation>Underlay von %1</translation>
    </message>
    <message>
        <source>Underlays of all hosts, summed</source>
        <translation>Underlays aller Hosts, summiert</translation>
    </message>
    <message>
        <source>Chart latency</source>
        <translation>Latenz als Diagramm</translation>
    </message>
    <message>
        <source>To %1 on %2</source>
        <extracomment>Latency menu entry: to host, on network</extracomment>
        <translation>Zu %1 in %2</translation>
    </message>
    <message>
        <source>No other host shares a network with %1</source>
        <translation>Kein anderer Host teilt ein Netzwerk mit %1</translation>
    </message>
    <message>
        <source>no host named %1</source>
        <translation>kein Host namens %1</translation>
    </message>
    <message>
        <source>no endpoint named %1</source>
        <translation>kein Endpunkt namens %1</translation>
    </message>
    <message>
        <source>no network named %1</source>
        <translation>kein Netzwerk namens %1</translation>
    </message>
    <message>
        <source>%1 is neither a host nor an endpoint of %2</source>
        <translation>%1 ist weder ein Host noch ein Endpunkt von %2</translation>
    </message>
    <message>
        <source>not one of top, endpoint:NAME, network:NAME, host:NAME, latency:FROM:NETWORK:TO</source>
        <translation>keines von top, endpoint:NAME, network:NAME, host:NAME, latency:VON:NETZWERK:ZU</translation>
    </message>
</context>
<context>
    <name>loom::ui::DesignCheck</name>
    <message>
        <source>is not on a host</source>
        <translation>liegt auf keinem Host</translation>
    </message>
    <message>
        <source>give the namespace&apos;s path, e.g. /run/netns/web</source>
        <translation>geben Sie den Pfad des Namespace an, z. B. /run/netns/web</translation>
    </message>
    <message>
        <source>give the PID of a process</source>
        <translation>geben Sie die PID eines Prozesses an</translation>
    </message>
    <message>
        <source>is not linked to a network: draw a link from it to one</source>
        <translation>ist mit keinem Netzwerk verbunden: ziehen Sie eine Verbindung zu einem</translation>
    </message>
    <message>
        <source>its network has no service %1</source>
        <translation>sein Netzwerk hat keinen Dienst %1</translation>
    </message>
    <message>
        <source>a service %1 is in the design twice</source>
        <translation>ein Dienst %1 steht zweimal im Entwurf</translation>
    </message>
    <message>
        <source>%1 is not a port: write 8080, 8080/tcp or 53/udp</source>
        <translation>%1 ist kein Port: schreiben Sie 8080, 8080/tcp oder 53/udp</translation>
    </message>
    <message>
        <source>is on no network</source>
        <translation>liegt in keinem Netzwerk</translation>
    </message>
    <message>
        <source>%1 is an endpoint of its network</source>
        <translation>%1 ist ein Endpunkt seines Netzwerks</translation>
    </message>
    <message>
        <source>%1 cannot join the encrypted network %2: %3</source>
        <translation>%1 kann dem verschlüsselten Netzwerk %2 nicht beitreten: %3</translation>
    </message>
</context>
<context>
    <name>loom::ui::DesignDocument</name>
    <message>
        <source>Unapplied changes</source>
        <translation>Nicht angewendete Änderungen</translation>
    </message>
    <message>
        <source>Open design</source>
        <translation>Entwurf öffnen</translation>
    </message>
    <message>
        <source>Add network %1</source>
        <translation>Netzwerk %1 hinzufügen</translation>
    </message>
    <message>
        <source>Add endpoint %1 on %2</source>
        <translation>Endpunkt %1 auf %2 hinzufügen</translation>
    </message>
    <message>
        <source>Add host %1</source>
        <translation>Host %1 hinzufügen</translation>
    </message>
    <message>
        <source>Link %1 to %2</source>
        <translation>%1 mit %2 verbinden</translation>
    </message>
    <message>
        <source>Change network %1</source>
        <translation>Netzwerk %1 ändern</translation>
    </message>
    <message>
        <source>Change endpoint %1</source>
        <translation>Endpunkt %1 ändern</translation>
    </message>
    <message>
        <source>Rename host %1 to %2</source>
        <translation>Host %1 in %2 umbenennen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n item(s)</source>
        <translation>
            <numerusform>%n Element löschen</numerusform>
            <numerusform>%n Elemente löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Align left</source>
        <translation>Links ausrichten</translation>
    </message>
    <message>
        <source>Align top</source>
        <translation>Oben ausrichten</translation>
    </message>
    <message>
        <source>Lay out</source>
        <translation>Anordnen</translation>
    </message>
    <message numerus="yes">
        <source>Paste %n item(s)</source>
        <translation>
            <numerusform>%n Element einfügen</numerusform>
            <numerusform>%n Elemente einfügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Add service %1 on %2</source>
        <translation>Dienst %1 in %2 hinzufügen</translation>
    </message>
    <message>
        <source>Change service %1</source>
        <translation>Dienst %1 ändern</translation>
    </message>
    <message>
        <source>Put %1 behind %2</source>
        <translation>%1 hinter %2 stellen</translation>
    </message>
    <message>
        <source>Take %1 out of its service</source>
        <translation>%1 aus seinem Dienst nehmen</translation>
    </message>
</context>
<context>
    <name>loom::ui::DesignFile</name>
    <message>
        <source>not a Loom design: %1</source>
        <translation>kein Loom-Entwurf: %1</translation>
    </message>
    <message>
        <source>design format %1 is not supported (this console reads format %2)</source>
        <translation>Entwurfsformat %1 wird nicht unterstützt (diese Konsole liest Format %2)</translation>
    </message>
    <message>
        <source>endpoint %1 is on network %2, which the design does not have</source>
        <translation>Endpunkt %1 liegt im Netzwerk %2, das der Entwurf nicht enthält</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 64 MiB; not a design</source>
        <translation>%1 ist größer als 64 MiB; kein Entwurf</translation>
    </message>
    <message>
        <source>service %1 is on network %2, which the design does not have</source>
        <translation>Dienst %1 liegt im Netzwerk %2, das der Entwurf nicht enthält</translation>
    </message>
</context>
<context>
    <name>loom::ui::DesignPalette</name>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Drag onto the canvas to add a network</source>
        <translation>Auf die Zeichenfläche ziehen, um ein Netzwerk hinzuzufügen</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Drag into a host to add an endpoint there</source>
        <translation>In einen Host ziehen, um dort einen Endpunkt hinzuzufügen</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Drag onto a network to add a service (one VIP over the endpoints behind it); then drag from an endpoint onto the service</source>
        <translation>Auf ein Netzwerk ziehen, um einen Dienst hinzuzufügen (eine VIP über die Endpunkte dahinter); dann von einem Endpunkt auf den Dienst ziehen</translation>
    </message>
</context>
<context>
    <name>loom::ui::EngineClient</name>
    <message>
        <source>cannot read the CA file %1</source>
        <translation>CA-Datei %1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>the engine closed the event stream</source>
        <translation>die Engine hat den Ereignisstrom geschlossen</translation>
    </message>
    <message>
        <source>not connected to an engine</source>
        <translation>mit keiner Engine verbunden</translation>
    </message>
    <message>
        <source>the engine did not answer (%1)</source>
        <translation>die Engine hat nicht geantwortet (%1)</translation>
    </message>
    <message>
        <source>ports: %1 is not a list of ports such as 8080, 8080/tcp, 53/udp</source>
        <translation>ports: %1 ist keine Liste von Ports wie 8080, 8080/tcp, 53/udp</translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation>%1 über %2</translation>
    </message>
</context>
<context>
    <name>loom::ui::InventoryModels</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>VTEP</source>
        <translation>VTEP</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>API-Adresse</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>its lease expired: the engine is not running</source>
        <translation>sein Lease ist abgelaufen: die Engine läuft nicht</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>Subnetz</translation>
    </message>
    <message>
        <source>VNI</source>
        <translation>VNI</translation>
    </message>
    <message>
        <source>MTU</source>
        <translation>MTU</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>loom::ui::InventoryTreeModel</name>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>%1 · %2 · %3/%4 healthy</source>
        <translation>%1 · %2 · %3/%4 gesund</translation>
    </message>
    <message>
        <source>every port</source>
        <translation>jeder Port</translation>
    </message>
    <message>
        <source>Service %1 on network %2</source>
        <translation>Dienst %1 im Netzwerk %2</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>%1 · healthy</source>
        <translation>%1 · gesund</translation>
    </message>
    <message>
        <source>%1 · out</source>
        <translation>%1 · herausgenommen</translation>
    </message>
    <message>
        <source>joins no encrypted network: %1</source>
        <translation>tritt keinem verschlüsselten Netzwerk bei: %1</translation>
    </message>
    <message>
        <source>encrypted: its traffic between hosts in ESP (AES-GCM)</source>
        <translation>verschlüsselt: sein Verkehr zwischen Hosts in ESP (AES-GCM)</translation>
    </message>
    <message>
        <source>container %1, made by its runtime</source>
        <extracomment>a container runtime (podman, containerd) made this endpoint through Loom&apos;s CNI plugin</extracomment>
        <translation>Container %1, von seiner Laufzeitumgebung angelegt</translation>
    </message>
</context>
<context>
    <name>loom::ui::LatencyMatrix</name>
    <message>
        <source>Latency on network</source>
        <translation>Latenz im Netzwerk</translation>
    </message>
    <message>
        <source>median RTT:</source>
        <translation>Median-RTT:</translation>
    </message>
    <message>
        <source>red bar: loss</source>
        <translation>roter Balken: Verlust</translation>
    </message>
</context>
<context>
    <name>loom::ui::LatencyMatrixModel</name>
    <message>
        <source>host %1 is down (its lease expired)</source>
        <translation>Host %1 ist ausgefallen (seine Lease ist abgelaufen)</translation>
    </message>
    <message>
        <source>the engine of %1 is not answering</source>
        <translation>die Engine von %1 antwortet nicht</translation>
    </message>
    <message>
        <source>no probes</source>
        <translation>keine Proben</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>verloren</translation>
    </message>
    <message>
        <source>%1
%2 loss</source>
        <extracomment>A latency matrix cell: median RTT, then loss over the last 2 s</extracomment>
        <translation>%1
%2 Verlust</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>no probes between these hosts yet</source>
        <translation>noch keine Proben zwischen diesen Hosts</translation>
    </message>
    <message>
        <source>median %1, p90 %2, p99 %3, jitter %4
loss %5 (last 2 s), %6 (last minute: %7 of %8 answered)
click for the chart</source>
        <translation>Median %1, p90 %2, p99 %3, Jitter %4
Verlust %5 (letzte 2 s), %6 (letzte Minute: %7 von %8 beantwortet)
Klicken für das Diagramm</translation>
    </message>
    <message>
        <source>from %1</source>
        <extracomment>Matrix headers: &quot;from h1&quot; on rows, &quot;to h2&quot; on columns</extracomment>
        <translation>von %1</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>zu %1</translation>
    </message>
</context>
<context>
    <name>loom::ui::LatencyPanel</name>
    <message>
        <source>p90–p99</source>
        <translation>p90–p99</translation>
    </message>
    <message>
        <source>median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
</context>
<context>
    <name>loom::ui::LegendWidget</name>
    <message>
        <source>Series</source>
        <translation>Reihe</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min.</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max.</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>%1: click to show or hide it</source>
        <translation>%1: Klicken zum Ein- oder Ausblenden</translation>
    </message>
</context>
<context>
    <name>loom::ui::LiveCanvas</name>
    <message>
        <source>Set load capacity for colours...</source>
        <translation>Kapazität für die Lastfarben festlegen...</translation>
    </message>
    <message>
        <source>Load capacity</source>
        <translation>Lastkapazität</translation>
    </message>
    <message>
        <source>Capacity of network %1 in Mbit/s (0: the fixed scale). Links are then coloured by their share of it.</source>
        <translation>Kapazität des Netzwerks %1 in Mbit/s (0: die feste Skala). Verbindungen werden dann nach ihrem Anteil daran eingefärbt.</translation>
    </message>
</context>
<context>
    <name>loom::ui::MainWindow</name>
    <message>
        <source>Loom console</source>
        <translation>Loom-Konsole</translation>
    </message>
    <message>
        <source>Filter hosts</source>
        <translation>Hosts filtern</translation>
    </message>
    <message>
        <source>&amp;Hosts</source>
        <translation>&amp;Hosts</translation>
    </message>
    <message>
        <source>Filter networks</source>
        <translation>Netzwerke filtern</translation>
    </message>
    <message>
        <source>&amp;Networks</source>
        <translation>&amp;Netzwerke</translation>
    </message>
    <message>
        <source>Filter endpoints</source>
        <translation>Endpunkte filtern</translation>
    </message>
    <message>
        <source>&amp;Endpoints</source>
        <translation>&amp;Endpunkte</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Connect...</source>
        <translation>&amp;Verbinden...</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Engine</source>
        <translation>&amp;Engine</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>%1  %2 %3</source>
        <extracomment>An event line: time, what happened (created, deleted...), to what, and why</extracomment>
        <translation>%1  %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1: %n host(s)</source>
        <translation>
            <numerusform>Verbunden mit %1: %n Host</numerusform>
            <numerusform>Verbunden mit %1: %n Hosts</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>Verbinde mit %1...</translation>
    </message>
    <message>
        <source>Engine at %1 not reachable; retrying</source>
        <translation>Engine unter %1 nicht erreichbar; neuer Versuch läuft</translation>
    </message>
    <message>
        <source>network %1</source>
        <translation>Netzwerk %1</translation>
    </message>
    <message>
        <source>endpoint %1</source>
        <translation>Endpunkt %1</translation>
    </message>
    <message>
        <source>created</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>&amp;Topology</source>
        <translation>&amp;Topologie</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>&amp;Design</source>
        <translation>&amp;Entwurf</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Open design...</source>
        <translation>Entwurf ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open design</source>
        <translation>Entwurf öffnen</translation>
    </message>
    <message>
        <source>Loom designs (*.json);;All files (*)</source>
        <translation>Loom-Entwürfe (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Save design as...</source>
        <translation>Entwurf &amp;speichern unter...</translation>
    </message>
    <message>
        <source>Save design</source>
        <translation>Entwurf speichern</translation>
    </message>
    <message>
        <source>Loom designs (*.json)</source>
        <translation>Loom-Entwürfe (*.json)</translation>
    </message>
    <message>
        <source>Re&amp;vert to the cluster</source>
        <translation>Auf den Cluster &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <source>Add &amp;network</source>
        <translation>&amp;Netzwerk hinzufügen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>Add &amp;endpoint</source>
        <translation>&amp;Endpunkt hinzufügen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Add endpoint</source>
        <translation>Endpunkt hinzufügen</translation>
    </message>
    <message>
        <source>Add a host first: endpoints sit inside a host.</source>
        <translation>Fügen Sie zuerst einen Host hinzu: Endpunkte liegen in einem Host.</translation>
    </message>
    <message>
        <source>Add &amp;placeholder host</source>
        <translation>&amp;Platzhalter-Host hinzufügen</translation>
    </message>
    <message>
        <source>Align &amp;left</source>
        <translation>&amp;Links ausrichten</translation>
    </message>
    <message>
        <source>Align &amp;top</source>
        <translation>&amp;Oben ausrichten</translation>
    </message>
    <message>
        <source>Lay &amp;out automatically</source>
        <translation>Automatisch an&amp;ordnen</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Plan and apply...</source>
        <translation>&amp;Planen und anwenden...</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>endpoint %1 on %2</source>
        <translation>Endpunkt %1 auf %2</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>Show what applying the design would do, and apply it</source>
        <translation>Zeigen, was das Anwenden des Entwurfs bewirken würde, und ihn anwenden</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in the design: fix them first</source>
        <translation>
            <numerusform>%n Problem im Entwurf: beheben Sie es zuerst</numerusform>
            <numerusform>%n Probleme im Entwurf: beheben Sie sie zuerst</numerusform>
        </translation>
    </message>
    <message>
        <source>Design saved to %1</source>
        <translation>Entwurf gespeichert in %1</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Probleme (%1)</translation>
    </message>
    <message>
        <source>&amp;Monitor</source>
        <translation>&amp;Monitor</translation>
    </message>
    <message>
        <source>To begin, drag a Network from the palette onto the canvas, drag an Endpoint into a host, then draw a link from the endpoint to the network and choose Plan and apply. Or see it running: scripts/run --lab 3 --demo</source>
        <translation>Zum Anfangen ziehen Sie ein Netzwerk aus der Palette auf die Zeichenfläche und einen Endpunkt in einen Host, ziehen dann eine Verbindung vom Endpunkt zum Netzwerk und wählen „Planen und anwenden“. Oder sehen Sie es laufen: scripts/run --lab 3 --demo</translation>
    </message>
    <message>
        <source>Show live &amp;load on the canvas</source>
        <translation>Live-&amp;Last auf der Zeichenfläche zeigen</translation>
    </message>
    <message>
        <source>&amp;Export bundle...</source>
        <translation>Bündel &amp;exportieren...</translation>
    </message>
    <message>
        <source>Export bundle</source>
        <translation>Bündel exportieren</translation>
    </message>
    <message>
        <source>Loom bundles (*.tar.gz)</source>
        <translation>Loom-Bündel (*.tar.gz)</translation>
    </message>
    <message>
        <source>&amp;Import bundle...</source>
        <translation>Bündel &amp;importieren...</translation>
    </message>
    <message>
        <source>Import bundle</source>
        <translation>Bündel importieren</translation>
    </message>
    <message>
        <source>Loom bundles (*.tar.gz);;All files (*)</source>
        <translation>Loom-Bündel (*.tar.gz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Bundle written to %1</source>
        <translation>Bündel nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Export &amp;live cluster as bundle...</source>
        <translation>&amp;Laufenden Cluster als Bündel exportieren...</translation>
    </message>
    <message>
        <source>Export live bundle</source>
        <translation>Laufendes Bündel exportieren</translation>
    </message>
    <message>
        <source>Exporting the live cluster...</source>
        <translation>Der laufende Cluster wird exportiert...</translation>
    </message>
    <message>
        <source>Live bundle written to %1</source>
        <translation>Laufendes Bündel nach %1 geschrieben</translation>
    </message>
    <message>
        <source>service %1</source>
        <translation>Dienst %1</translation>
    </message>
    <message>
        <source>host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Audit</source>
        <extracomment>A dock listing every change and every refusal the engine recorded</extracomment>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>You are a viewer on this engine: you may draft and plan, but applying needs an operator (root, group loom, or a certificate with OU=loom-operator)</source>
        <translation>Sie sind Betrachter dieser Engine: Sie dürfen entwerfen und planen, aber Anwenden braucht einen Operator (root, Gruppe loom oder ein Zertifikat mit OU=loom-operator)</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <extracomment>The status bar: this console&apos;s role on the engine, and who the engine sees</extracomment>
        <translation>Operator: %1</translation>
    </message>
    <message>
        <source>Viewer: %1 (look and plan only)</source>
        <translation>Betrachter: %1 (nur ansehen und planen)</translation>
    </message>
    <message>
        <source>Drafts only: %1</source>
        <translation>Nur Entwürfe: %1</translation>
    </message>
</context>
<context>
    <name>loom::ui::MonitorPage</name>
    <message>
        <source>host %1 went down</source>
        <translation>Host %1 ist ausgefallen</translation>
    </message>
    <message>
        <source>host %1 is back</source>
        <translation>Host %1 ist zurück</translation>
    </message>
    <message>
        <source>network %1</source>
        <translation>Netzwerk %1</translation>
    </message>
    <message>
        <source>endpoint %1</source>
        <translation>Endpunkt %1</translation>
    </message>
    <message>
        <source>created</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>A chart marker: the object, and what happened to it</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Live: last 5 minutes</source>
        <translation>Live: letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Custom range...</source>
        <translation>Eigener Zeitraum...</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the charts moving (data is still collected); again to resume</source>
        <translation>Die Diagramme anhalten (Daten werden weiter gesammelt); erneut zum Fortsetzen</translation>
    </message>
    <message>
        <source>Busiest endpoints</source>
        <translation>Aktivste Endpunkte</translation>
    </message>
    <message>
        <source>Add a panel with the busiest endpoints now</source>
        <translation>Ein Feld mit den derzeit aktivsten Endpunkten hinzufügen</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Zeit:</translation>
    </message>
    <message>
        <source>No charts yet. Right-click an endpoint, a network or a host (in the inventory, the tables or on the canvas) and choose &quot;Chart throughput&quot; or &quot;Chart latency&quot;; click a cell of the latency matrix below; or add the busiest endpoints.</source>
        <translation>Noch keine Diagramme. Klicken Sie mit der rechten Maustaste auf einen Endpunkt, ein Netzwerk oder einen Host (im Inventar, in den Tabellen oder auf der Zeichenfläche) und wählen Sie „Durchsatz als Diagramm“ oder „Latenz als Diagramm“; klicken Sie auf eine Zelle der Latenzmatrix unten; oder fügen Sie die aktivsten Endpunkte hinzu.</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>engine lost: no live data (the charts show the gap)</source>
        <translation>Engine verloren: keine Live-Daten (die Diagramme zeigen die Lücke)</translation>
    </message>
    <message>
        <source>paused (double-click a chart to go back to live)</source>
        <translation>angehalten (Doppelklick auf ein Diagramm kehrt zu live zurück)</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
</context>
<context>
    <name>loom::ui::MonitorPanel</name>
    <message>
        <source>Export as &amp;PNG...</source>
        <translation>Als &amp;PNG exportieren...</translation>
    </message>
    <message>
        <source>Export data as &amp;CSV...</source>
        <translation>Daten als &amp;CSV exportieren...</translation>
    </message>
    <message>
        <source>Move &amp;earlier</source>
        <translation>Nach &amp;vorne verschieben</translation>
    </message>
    <message>
        <source>Move &amp;later</source>
        <translation>Nach &amp;hinten verschieben</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>this panel has no data to export</source>
        <translation>dieses Feld hat keine Daten zum Exportieren</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>Export chart data</source>
        <translation>Diagrammdaten exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
</context>
<context>
    <name>loom::ui::Plan</name>
    <message>
        <source>%1 %2 → %3</source>
        <translation>%1 %2 → %3</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>subnet</source>
        <translation>Subnetz</translation>
    </message>
    <message>
        <source>VNI</source>
        <translation>VNI</translation>
    </message>
    <message>
        <source>MTU</source>
        <translation>MTU</translation>
    </message>
    <message>
        <source>labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>re-created, the engine cannot change it in place: %1</source>
        <translation>neu erstellt, die Engine kann es nicht an Ort und Stelle ändern: %1</translation>
    </message>
    <message>
        <source>re-created: %1</source>
        <translation>neu erstellt: %1</translation>
    </message>
    <message>
        <source>re-created with its network</source>
        <translation>mit seinem Netzwerk neu erstellt</translation>
    </message>
    <message>
        <source>its network is deleted</source>
        <translation>sein Netzwerk wird gelöscht</translation>
    </message>
    <message>
        <source>changed in place: %1</source>
        <translation>an Ort und Stelle geändert: %1</translation>
    </message>
    <message>
        <source>service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>internal (its names only)</source>
        <translation>intern (nur seine Namen)</translation>
    </message>
    <message>
        <source>no longer internal</source>
        <translation>nicht mehr intern</translation>
    </message>
    <message>
        <source>encrypted from now on</source>
        <translation>von nun an verschlüsselt</translation>
    </message>
    <message>
        <source>no longer encrypted</source>
        <translation>nicht mehr verschlüsselt</translation>
    </message>
    <message>
        <source>key rotation</source>
        <translation>Schlüsselwechsel</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>a container&apos;s (its runtime made it): the container loses this network</source>
        <translation>gehört einem Container (seine Laufzeitumgebung hat ihn angelegt): der Container verliert dieses Netz</translation>
    </message>
</context>
<context>
    <name>loom::ui::PlanDialog</name>
    <message>
        <source>VNI %1</source>
        <translation>VNI %1</translation>
    </message>
    <message>
        <source>VNI automatic</source>
        <translation>VNI automatisch</translation>
    </message>
    <message>
        <source>create network %1 (%2, %3)</source>
        <translation>Netzwerk %1 erstellen (%2, %3)</translation>
    </message>
    <message>
        <source>delete network %1 (%2)</source>
        <translation>Netzwerk %1 löschen (%2)</translation>
    </message>
    <message>
        <source>create endpoint %1 on %2 (%3)</source>
        <translation>Endpunkt %1 in %2 erstellen (%3)</translation>
    </message>
    <message>
        <source>automatic address</source>
        <translation>automatische Adresse</translation>
    </message>
    <message>
        <source>delete endpoint %1 from %2</source>
        <translation>Endpunkt %1 aus %2 löschen</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>All hosts (networks)</source>
        <translation>Alle Hosts (Netzwerke)</translation>
    </message>
    <message>
        <source>Host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>Nothing to do: the cluster already matches the design.</source>
        <translation>Nichts zu tun: der Cluster entspricht bereits dem Entwurf.</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s), run in this order.</source>
        <translation>
            <numerusform>%n Vorgang, in dieser Reihenfolge ausgeführt.</numerusform>
            <numerusform>%n Vorgänge, in dieser Reihenfolge ausgeführt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not joined, left out: %1</source>
        <translation>Nicht beigetreten, ausgelassen: %1</translation>
    </message>
    <message>
        <source>Down, left out: %1</source>
        <translation>Ausgefallen, ausgelassen: %1</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <source>The design has problems; fix them first</source>
        <translation>Der Entwurf hat Probleme; beheben Sie sie zuerst</translation>
    </message>
    <message>
        <source>running...</source>
        <translation>läuft...</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Applied: %n operation(s).</source>
        <translation>
            <numerusform>Angewendet: %n Vorgang.</numerusform>
            <numerusform>Angewendet: %n Vorgänge.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped at operation %1: the rest was not run. The failing item is marked on the canvas.</source>
        <translation>Bei Vorgang %1 angehalten: der Rest wurde nicht ausgeführt. Das fehlgeschlagene Element ist auf der Zeichenfläche markiert.</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>not run (its request was refused)</source>
        <translation>nicht ausgeführt (seine Anfrage wurde abgelehnt)</translation>
    </message>
    <message>
        <source>change network %1 in place</source>
        <translation>Netzwerk %1 an Ort und Stelle ändern</translation>
    </message>
    <message>
        <source>change endpoint %1 in place</source>
        <translation>Endpunkt %1 an Ort und Stelle ändern</translation>
    </message>
    <message>
        <source>create service %1 on %2 (%3, %4)</source>
        <translation>Dienst %1 in %2 erstellen (%3, %4)</translation>
    </message>
    <message>
        <source>automatic VIP</source>
        <translation>VIP automatisch</translation>
    </message>
    <message>
        <source>VIP %1</source>
        <translation>VIP %1</translation>
    </message>
    <message>
        <source>every port</source>
        <translation>jeder Port</translation>
    </message>
    <message>
        <source>delete service %1 from %2</source>
        <translation>Dienst %1 aus %2 löschen</translation>
    </message>
    <message>
        <source>You are a viewer on this engine (%1): you may plan, but applying needs an operator</source>
        <translation>Sie sind Betrachter dieser Engine (%1): Sie dürfen planen, aber Anwenden braucht einen Operator</translation>
    </message>
    <message>
        <source>As a viewer you may look at this plan; an operator can apply it.</source>
        <translation>Als Betrachter können Sie diesen Plan ansehen; ein Operator kann ihn anwenden.</translation>
    </message>
</context>
<context>
    <name>loom::ui::PropertiesPanel</name>
    <message>
        <source>Host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>VTEP</source>
        <translation>VTEP</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>API-Adresse</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Network %1</source>
        <translation>Netzwerk %1</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>Subnetz</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>VNI</source>
        <translation>VNI</translation>
    </message>
    <message>
        <source>MTU</source>
        <translation>MTU</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Endpoint %1</source>
        <translation>Endpunkt %1</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>No longer there</source>
        <translation>Nicht mehr vorhanden</translation>
    </message>
    <message>
        <source>apply failed: %1</source>
        <translation>Anwenden fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>e.g. 10.20.0.0/24</source>
        <translation>z. B. 10.20.0.0/24</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>key=value, key=value</source>
        <translation>Schlüssel=Wert, Schlüssel=Wert</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>not in the cluster yet</source>
        <translation>noch nicht im Cluster</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>created by Loom</source>
        <translation>von Loom erstellt</translation>
    </message>
    <message>
        <source>existing, by path</source>
        <translation>vorhanden, über Pfad</translation>
    </message>
    <message>
        <source>existing, of a process</source>
        <translation>vorhanden, eines Prozesses</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Namespace path</source>
        <translation>Namespace-Pfad</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>Live address</source>
        <translation>Aktuelle Adresse</translation>
    </message>
    <message>
        <source>not joined: a placeholder matched by name</source>
        <translation>nicht beigetreten: ein Platzhalter, über den Namen zugeordnet</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Service %1</source>
        <translation>Dienst %1</translation>
    </message>
    <message>
        <source>every port; or 8080, 8080/tcp, 53/udp</source>
        <translation>jeder Port; oder 8080, 8080/tcp, 53/udp</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Live VIP</source>
        <translation>Aktuelle VIP</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>Backends</translation>
    </message>
    <message>
        <source>%1 of %2 healthy</source>
        <translation>%1 von %2 gesund</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>%1, healthy</source>
        <translation>%1, gesund</translation>
    </message>
    <message>
        <source>%1, out: %2</source>
        <translation>%1, herausgenommen: %2</translation>
    </message>
    <message>
        <source>only its own names resolve</source>
        <translation>nur seine eigenen Namen werden aufgelöst</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Intern</translation>
    </message>
    <message>
        <source>its traffic between hosts in ESP (AES-GCM)</source>
        <translation>sein Verkehr zwischen Hosts in ESP (AES-GCM)</translation>
    </message>
    <message>
        <source>Needs a kernel with ESP on every host, and etcd over TLS. It cannot be switched on a live network: the plan makes it again.</source>
        <translation>Braucht auf jedem Host einen Kernel mit ESP und etcd über TLS. Bei einem laufenden Netzwerk lässt es sich nicht umschalten: der Plan legt es neu an.</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>Verschlüsselt</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>default (12 h)</source>
        <translation>Standard (12 h)</translation>
    </message>
    <message>
        <source>Key rotation</source>
        <translation>Schlüsselwechsel</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>Verschlüsselung</translation>
    </message>
    <message>
        <source>can carry encrypted networks</source>
        <translation>kann verschlüsselte Netzwerke tragen</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>nein: %1</translation>
    </message>
</context>
<context>
    <name>loom::ui::TelemetryClient</name>
    <message>
        <source>the engine did not answer (%1)</source>
        <translation>die Engine hat nicht geantwortet (%1)</translation>
    </message>
    <message>
        <source>not connected to an engine</source>
        <translation>nicht mit einer Engine verbunden</translation>
    </message>
</context>
<context>
    <name>loom::ui::ThroughputPanel</name>
    <message>
        <source>in</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>out</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>packets in</source>
        <translation>Pakete ein</translation>
    </message>
    <message>
        <source>packets out</source>
        <translation>Pakete aus</translation>
    </message>
    <message>
        <source>errors in</source>
        <translation>Fehler ein</translation>
    </message>
    <message>
        <source>errors out</source>
        <translation>Fehler aus</translation>
    </message>
    <message>
        <source>drops in</source>
        <translation>Verworfen ein</translation>
    </message>
    <message>
        <source>drops out</source>
        <translation>Verworfen aus</translation>
    </message>
</context>
<context>
    <name>loom::ui::TopEndpointsModel</name>
    <message>
        <source>%1 on %2: in %3, out %4; click for its chart</source>
        <translation>%1 auf %2: ein %3, aus %4; Klicken für sein Diagramm</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>In + out</source>
        <translation>Ein + aus</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
</context>
<context>
    <name>loom::ui::TopPanel</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>loom::ui::TopologyScene</name>
    <message>
        <source>host %1, VTEP %2</source>
        <translation>Host %1, VTEP %2</translation>
    </message>
    <message>
        <source>host %1 is down</source>
        <translation>Host %1 ist ausgefallen</translation>
    </message>
    <message>
        <source>endpoint %1, %2</source>
        <translation>Endpunkt %1, %2</translation>
    </message>
    <message>
        <source>apply failed: %1</source>
        <translation>Anwenden fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>network %1: %2</source>
        <translation>Netzwerk %1: %2</translation>
    </message>
    <message>
        <source>, VNI %1</source>
        <translation>, VNI %1</translation>
    </message>
    <message>
        <source>not in the cluster yet</source>
        <translation>noch nicht im Cluster</translation>
    </message>
    <message>
        <source>host %1 has not joined the cluster</source>
        <translation>Host %1 ist dem Cluster nicht beigetreten</translation>
    </message>
    <message>
        <source>automatic address</source>
        <translation>automatische Adresse</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <source>every port</source>
        <translation>jeder Port</translation>
    </message>
    <message>
        <source>service %1: VIP %2, %3</source>
        <translation>Dienst %1: VIP %2, %3</translation>
    </message>
    <message>
        <source>%1 of %2 backend(s) healthy</source>
        <translation>%1 von %2 Backend(s) gesund</translation>
    </message>
    <message>
        <source>%1 out: %2</source>
        <translation>%1 herausgenommen: %2</translation>
    </message>
    <message>
        <source>encrypted: its traffic between hosts in ESP</source>
        <translation>verschlüsselt: sein Verkehr zwischen Hosts in ESP</translation>
    </message>
    <message>
        <source>container %1, made by its runtime</source>
        <extracomment>a container runtime (podman, containerd) made this endpoint through Loom&apos;s CNI plugin</extracomment>
        <translation>Container %1, von seiner Laufzeitumgebung angelegt</translation>
    </message>
</context>
<context>
    <name>loom::ui::Weathermap</name>
    <message>
        <source>%1, %2</source>
        <extracomment>Weathermap tooltip: rates of one direction, bits and packets per second</extracomment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>endpoint %1 on %2
out (the half at the endpoint): %3
in (the half at the network): %4
double-click for its chart</source>
        <translation>Endpunkt %1 auf %2
aus (die Hälfte am Endpunkt): %3
ein (die Hälfte am Netzwerk): %4
Doppelklick für sein Diagramm</translation>
    </message>
    <message>
        <source>endpoint %1 on %2: no live samples</source>
        <translation>Endpunkt %1 auf %2: keine Live-Messwerte</translation>
    </message>
    <message>
        <source>colours: share of %1</source>
        <translation>Farben: Anteil an %1</translation>
    </message>
    <message>
        <source>network %1 on %2 (its vxlan device, to and from other hosts)
in: %3
out: %4
double-click for its chart</source>
        <translation>Netzwerk %1 auf %2 (sein VXLAN-Gerät, zu und von anderen Hosts)
ein: %3
aus: %4
Doppelklick für sein Diagramm</translation>
    </message>
    <message>
        <source>network %1 on %2: no live samples</source>
        <translation>Netzwerk %1 auf %2: keine Live-Messwerte</translation>
    </message>
    <message>
        <source>the engine of %1 is not answering</source>
        <translation>die Engine von %1 antwortet nicht</translation>
    </message>
    <message>
        <source>probes from %1 to %2 on %3 are lost</source>
        <translation>Proben von %1 zu %2 in %3 gehen verloren</translation>
    </message>
    <message>
        <source>%1 links share this line; it shows the busiest</source>
        <translation>%1 Verbindungen teilen sich diese Linie; sie zeigt die mit der meisten Last</translation>
    </message>
</context>
<context>
    <name>loom::ui::WeathermapLegend</name>
    <message>
        <source>Live load per direction</source>
        <translation>Live-Last je Richtung</translation>
    </message>
    <message>
        <source>A network with a capacity set: share of it.
Double-click a link for its chart.</source>
        <translation>Netzwerk mit festgelegter Kapazität: Anteil daran.
Doppelklick auf eine Verbindung für ihr Diagramm.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Loom&apos;s desktop console</source>
        <translation>Die Desktop-Konsole von Loom</translation>
    </message>
    <message>
        <source>The engine&apos;s unix socket.</source>
        <translation>Der Unix-Socket der Engine.</translation>
    </message>
    <message>
        <source>A remote engine&apos;s mutual-TLS listener.</source>
        <translation>Der Listener (gegenseitiges TLS) einer entfernten Engine.</translation>
    </message>
    <message>
        <source>CA file.</source>
        <translation>CA-Datei.</translation>
    </message>
    <message>
        <source>Client certificate file.</source>
        <translation>Datei mit dem Client-Zertifikat.</translation>
    </message>
    <message>
        <source>Client key file.</source>
        <translation>Datei mit dem Client-Schlüssel.</translation>
    </message>
    <message>
        <source>Open this design file at start.</source>
        <translation>Diese Entwurfsdatei beim Start öffnen.</translation>
    </message>
    <message>
        <source>Connect, say what the engine has in one line, and exit (0 when it answered); needs no display.</source>
        <translation>Verbinden, in einer Zeile sagen, was die Engine hat, und beenden (0, wenn sie geantwortet hat); braucht keine Anzeige.</translation>
    </message>
    <message>
        <source>Open on this tab: topology or monitor.</source>
        <translation>Auf diesem Reiter öffnen: topology oder monitor.</translation>
    </message>
    <message>
        <source>Open this chart on the Monitor (repeatable): top, endpoint:NAME, network:NAME[@HOST], host:NAME, latency:FROM:NETWORK:TO.</source>
        <translation>Dieses Diagramm im Monitor öffnen (wiederholbar): top, endpoint:NAME, network:NAME[@HOST], host:NAME, latency:VON:NETZWERK:ZU.</translation>
    </message>
</context>
</TS>
