<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
    <name>loom::ui::EngineClient</name>
    <message>
        <source>cannot read the CA file %1</source>
        <translation>CA-Datei %1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>the engine closed the event stream</source>
        <translation>die Engine hat den Ereignisstrom geschlossen</translation>
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
</context>
<context>
    <name>loom::ui::TopologyScene</name>
    <message>
        <source>network %1: %2, VNI %3</source>
        <translation>Netzwerk %1: %2, VNI %3</translation>
    </message>
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
</context>
</TS>
