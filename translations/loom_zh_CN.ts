<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connect to an engine</source>
        <translation>连接到引擎</translation>
    </message>
    <message>
        <source>&amp;Local engine (unix socket)</source>
        <translation>本地引擎（Unix 套接字）(&amp;L)</translation>
    </message>
    <message>
        <source>Socket:</source>
        <translation>套接字：</translation>
    </message>
    <message>
        <source>&amp;Remote engine (mutual TLS)</source>
        <translation>远程引擎（双向 TLS）(&amp;R)</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>主机:端口</translation>
    </message>
    <message>
        <source>CA certificate:</source>
        <translation>CA 证书：</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>证书：</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>密钥：</translation>
    </message>
</context>
<context>
    <name>loom::ui::ConnectionDialog</name>
    <message>
        <source>Give the engine&apos;s socket.</source>
        <translation>请填写引擎的套接字。</translation>
    </message>
    <message>
        <source>Give the address as host:port.</source>
        <translation>请按 主机:端口 填写地址。</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Give the %1 file.</source>
        <translation>请填写%1文件。</translation>
    </message>
    <message>
        <source>Cannot read the %1 file %2.</source>
        <translation>无法读取%1文件 %2。</translation>
    </message>
</context>
<context>
    <name>loom::ui::EngineClient</name>
    <message>
        <source>cannot read the CA file %1</source>
        <translation>无法读取 CA 文件 %1</translation>
    </message>
    <message>
        <source>the engine closed the event stream</source>
        <translation>引擎关闭了事件流</translation>
    </message>
</context>
<context>
    <name>loom::ui::InventoryModels</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>VTEP</source>
        <translation>VTEP</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>API 地址</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>down</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>its lease expired: the engine is not running</source>
        <translation>租约已过期：引擎未运行</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>子网</translation>
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
        <translation>网络</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>loom::ui::InventoryTreeModel</name>
    <message>
        <source>down</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
</context>
<context>
    <name>loom::ui::MainWindow</name>
    <message>
        <source>Loom console</source>
        <translation>Loom 控制台</translation>
    </message>
    <message>
        <source>Filter hosts</source>
        <translation>筛选主机</translation>
    </message>
    <message>
        <source>&amp;Hosts</source>
        <translation>主机(&amp;H)</translation>
    </message>
    <message>
        <source>Filter networks</source>
        <translation>筛选网络</translation>
    </message>
    <message>
        <source>&amp;Networks</source>
        <translation>网络(&amp;N)</translation>
    </message>
    <message>
        <source>Filter endpoints</source>
        <translation>筛选端点</translation>
    </message>
    <message>
        <source>&amp;Endpoints</source>
        <translation>端点(&amp;E)</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>清单</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect...</source>
        <translation>连接(&amp;C)...</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Engine</source>
        <translation>引擎(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>%1  %2 %3</source>
        <extracomment>An event line: time, what happened (created, deleted...), to what, and why</extracomment>
        <translation>%1  %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1: %n host(s)</source>
        <translation>
            <numerusform>已连接到 %1：%n 台主机</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>正在连接 %1...</translation>
    </message>
    <message>
        <source>Engine at %1 not reachable; retrying</source>
        <translation>无法访问 %1 上的引擎；正在重试</translation>
    </message>
    <message>
        <source>network %1</source>
        <translation>网络 %1</translation>
    </message>
    <message>
        <source>endpoint %1</source>
        <translation>端点 %1</translation>
    </message>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>已更改</translation>
    </message>
    <message>
        <source>&amp;Topology</source>
        <translation>拓扑(&amp;T)</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
</context>
<context>
    <name>loom::ui::PropertiesPanel</name>
    <message>
        <source>Host %1</source>
        <translation>主机 %1</translation>
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
        <translation>状态</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>down</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>API 地址</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Network %1</source>
        <translation>网络 %1</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
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
        <translation>标签</translation>
    </message>
    <message>
        <source>Endpoint %1</source>
        <translation>端点 %1</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>未选择任何对象</translation>
    </message>
    <message>
        <source>No longer there</source>
        <translation>已不存在</translation>
    </message>
</context>
<context>
    <name>loom::ui::TopologyScene</name>
    <message>
        <source>network %1: %2, VNI %3</source>
        <translation>网络 %1：%2，VNI %3</translation>
    </message>
    <message>
        <source>host %1, VTEP %2</source>
        <translation>主机 %1，VTEP %2</translation>
    </message>
    <message>
        <source>host %1 is down</source>
        <translation>主机 %1 已离线</translation>
    </message>
    <message>
        <source>endpoint %1, %2</source>
        <translation>端点 %1，%2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Loom&apos;s desktop console</source>
        <translation>Loom 桌面控制台</translation>
    </message>
    <message>
        <source>The engine&apos;s unix socket.</source>
        <translation>引擎的 Unix 套接字。</translation>
    </message>
    <message>
        <source>A remote engine&apos;s mutual-TLS listener.</source>
        <translation>远程引擎的双向 TLS 监听地址。</translation>
    </message>
    <message>
        <source>CA file.</source>
        <translation>CA 文件。</translation>
    </message>
    <message>
        <source>Client certificate file.</source>
        <translation>客户端证书文件。</translation>
    </message>
    <message>
        <source>Client key file.</source>
        <translation>客户端密钥文件。</translation>
    </message>
</context>
</TS>
