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
    <name>loom::ui::DesignCheck</name>
    <message>
        <source>is not on a host</source>
        <translation>不在任何主机上</translation>
    </message>
    <message>
        <source>give the namespace&apos;s path, e.g. /run/netns/web</source>
        <translation>请填写命名空间的路径，例如 /run/netns/web</translation>
    </message>
    <message>
        <source>give the PID of a process</source>
        <translation>请填写一个进程的 PID</translation>
    </message>
    <message>
        <source>is not linked to a network: draw a link from it to one</source>
        <translation>未连接到网络：请从它画一条连线到某个网络</translation>
    </message>
</context>
<context>
    <name>loom::ui::DesignDocument</name>
    <message>
        <source>Unapplied changes</source>
        <translation>未应用的更改</translation>
    </message>
    <message>
        <source>Open design</source>
        <translation>打开设计</translation>
    </message>
    <message>
        <source>Add network %1</source>
        <translation>添加网络 %1</translation>
    </message>
    <message>
        <source>Add endpoint %1 on %2</source>
        <translation>在 %2 上添加端点 %1</translation>
    </message>
    <message>
        <source>Add host %1</source>
        <translation>添加主机 %1</translation>
    </message>
    <message>
        <source>Link %1 to %2</source>
        <translation>将 %1 连接到 %2</translation>
    </message>
    <message>
        <source>Change network %1</source>
        <translation>修改网络 %1</translation>
    </message>
    <message>
        <source>Change endpoint %1</source>
        <translation>修改端点 %1</translation>
    </message>
    <message>
        <source>Rename host %1 to %2</source>
        <translation>将主机 %1 重命名为 %2</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n item(s)</source>
        <translation>
            <numerusform>删除 %n 个项目</numerusform>
        </translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Align left</source>
        <translation>左对齐</translation>
    </message>
    <message>
        <source>Align top</source>
        <translation>顶端对齐</translation>
    </message>
    <message>
        <source>Lay out</source>
        <translation>自动布局</translation>
    </message>
    <message numerus="yes">
        <source>Paste %n item(s)</source>
        <translation>
            <numerusform>粘贴 %n 个项目</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>loom::ui::DesignFile</name>
    <message>
        <source>not a Loom design: %1</source>
        <translation>不是 Loom 设计：%1</translation>
    </message>
    <message>
        <source>design format %1 is not supported (this console reads format %2)</source>
        <translation>不支持设计格式 %1（此控制台读取格式 %2）</translation>
    </message>
    <message>
        <source>endpoint %1 is on network %2, which the design does not have</source>
        <translation>端点 %1 位于网络 %2，但设计中没有该网络</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is larger than 64 MiB; not a design</source>
        <translation>%1 大于 64 MiB；不是设计文件</translation>
    </message>
</context>
<context>
    <name>loom::ui::DesignPalette</name>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Drag onto the canvas to add a network</source>
        <translation>拖到画布上以添加网络</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Drag into a host to add an endpoint there</source>
        <translation>拖入某个主机以在其中添加端点</translation>
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
    <message>
        <source>not connected to an engine</source>
        <translation>未连接到引擎</translation>
    </message>
    <message>
        <source>the engine did not answer (%1)</source>
        <translation>引擎没有响应（%1）</translation>
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
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>&amp;Design</source>
        <translation>设计(&amp;D)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open design...</source>
        <translation>打开设计(&amp;O)...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open design</source>
        <translation>打开设计</translation>
    </message>
    <message>
        <source>Loom designs (*.json);;All files (*)</source>
        <translation>Loom 设计 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Save design as...</source>
        <translation>设计另存为(&amp;S)...</translation>
    </message>
    <message>
        <source>Save design</source>
        <translation>保存设计</translation>
    </message>
    <message>
        <source>Loom designs (*.json)</source>
        <translation>Loom 设计 (*.json)</translation>
    </message>
    <message>
        <source>Re&amp;vert to the cluster</source>
        <translation>恢复为集群状态(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Add &amp;network</source>
        <translation>添加网络(&amp;N)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>Add &amp;endpoint</source>
        <translation>添加端点(&amp;E)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Add endpoint</source>
        <translation>添加端点</translation>
    </message>
    <message>
        <source>Add a host first: endpoints sit inside a host.</source>
        <translation>请先添加主机：端点位于主机之内。</translation>
    </message>
    <message>
        <source>Add &amp;placeholder host</source>
        <translation>添加占位主机(&amp;P)</translation>
    </message>
    <message>
        <source>Align &amp;left</source>
        <translation>左对齐(&amp;L)</translation>
    </message>
    <message>
        <source>Align &amp;top</source>
        <translation>顶端对齐(&amp;T)</translation>
    </message>
    <message>
        <source>Lay &amp;out automatically</source>
        <translation>自动布局(&amp;O)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Plan and apply...</source>
        <translation>计划并应用(&amp;P)...</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>endpoint %1 on %2</source>
        <translation>%2 上的端点 %1</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1，%2：%3</translation>
    </message>
    <message>
        <source>Show what applying the design would do, and apply it</source>
        <translation>显示应用此设计将会执行的操作，并应用它</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) in the design: fix them first</source>
        <translation>
            <numerusform>设计中有 %n 个问题：请先修复</numerusform>
        </translation>
    </message>
    <message>
        <source>Design saved to %1</source>
        <translation>设计已保存到 %1</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
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
        <translation>无</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>subnet</source>
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
        <source>labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>namespace</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <source>re-created, the engine cannot change it in place: %1</source>
        <translation>重新创建，引擎无法就地修改：%1</translation>
    </message>
    <message>
        <source>re-created: %1</source>
        <translation>重新创建：%1</translation>
    </message>
    <message>
        <source>re-created with its network</source>
        <translation>随其网络一起重新创建</translation>
    </message>
    <message>
        <source>its network is deleted</source>
        <translation>其网络将被删除</translation>
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
        <translation>VNI 自动</translation>
    </message>
    <message>
        <source>create network %1 (%2, %3)</source>
        <translation>创建网络 %1（%2，%3）</translation>
    </message>
    <message>
        <source>delete network %1 (%2)</source>
        <translation>删除网络 %1（%2）</translation>
    </message>
    <message>
        <source>create endpoint %1 on %2 (%3)</source>
        <translation>在 %2 上创建端点 %1（%3）</translation>
    </message>
    <message>
        <source>automatic address</source>
        <translation>自动分配地址</translation>
    </message>
    <message>
        <source>delete endpoint %1 from %2</source>
        <translation>从 %2 删除端点 %1</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>All hosts (networks)</source>
        <translation>所有主机（网络）</translation>
    </message>
    <message>
        <source>Host %1</source>
        <translation>主机 %1</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>待执行</translation>
    </message>
    <message>
        <source>Nothing to do: the cluster already matches the design.</source>
        <translation>无需操作：集群已与设计一致。</translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s), run in this order.</source>
        <translation>
            <numerusform>%n 个操作，按此顺序执行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not joined, left out: %1</source>
        <translation>未加入，已略过：%1</translation>
    </message>
    <message>
        <source>Down, left out: %1</source>
        <translation>已宕机，已略过：%1</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>The design has problems; fix them first</source>
        <translation>设计存在问题；请先修复</translation>
    </message>
    <message>
        <source>running...</source>
        <translation>执行中...</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Applied: %n operation(s).</source>
        <translation>
            <numerusform>已应用：%n 个操作。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped at operation %1: the rest was not run. The failing item is marked on the canvas.</source>
        <translation>在第 %1 个操作处停止：其余操作未执行。失败的项目已在画布上标出。</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未执行</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>not run (its request was refused)</source>
        <translation>未执行（其请求被拒绝）</translation>
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
    <message>
        <source>apply failed: %1</source>
        <translation>应用失败：%1</translation>
    </message>
    <message>
        <source>e.g. 10.20.0.0/24</source>
        <translation>例如 10.20.0.0/24</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>key=value, key=value</source>
        <translation>键=值, 键=值</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>not in the cluster yet</source>
        <translation>尚未在集群中</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>created by Loom</source>
        <translation>由 Loom 创建</translation>
    </message>
    <message>
        <source>existing, by path</source>
        <translation>已有，按路径</translation>
    </message>
    <message>
        <source>existing, of a process</source>
        <translation>已有，某个进程的</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <source>Namespace path</source>
        <translation>命名空间路径</translation>
    </message>
    <message>
        <source>Process</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>Live address</source>
        <translation>当前地址</translation>
    </message>
    <message>
        <source>not joined: a placeholder matched by name</source>
        <translation>未加入：按名称匹配的占位主机</translation>
    </message>
</context>
<context>
    <name>loom::ui::TopologyScene</name>
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
    <message>
        <source>apply failed: %1</source>
        <translation>应用失败：%1</translation>
    </message>
    <message>
        <source>network %1: %2</source>
        <translation>网络 %1：%2</translation>
    </message>
    <message>
        <source>, VNI %1</source>
        <translation>，VNI %1</translation>
    </message>
    <message>
        <source>not in the cluster yet</source>
        <translation>尚未在集群中</translation>
    </message>
    <message>
        <source>host %1 has not joined the cluster</source>
        <translation>主机 %1 尚未加入集群</translation>
    </message>
    <message>
        <source>automatic address</source>
        <translation>自动分配地址</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
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
    <message>
        <source>Open this design file at start.</source>
        <translation>启动时打开此设计文件。</translation>
    </message>
    <message>
        <source>Connect, say what the engine has in one line, and exit (0 when it answered); needs no display.</source>
        <translation>连接引擎，用一行说明引擎中的内容后退出（引擎响应时返回 0）；无需显示器。</translation>
    </message>
</context>
</TS>
