<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BundleFile</name>
    <message>
        <source>the design breaks a rule: %1</source>
        <translation>设计违反了一条规则：%1</translation>
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
        <source>%1 is too large for a bundle</source>
        <translation>%1 太大，不能作为配置包</translation>
    </message>
    <message>
        <source>the engine&apos;s bundle is not readable: %1</source>
        <translation>引擎导出的配置包无法读取：%1</translation>
    </message>
</context>
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
    <name>loom::ui::AuditModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Role</source>
        <extracomment>The caller&apos;s role on the engine (viewer or operator).</extracomment>
        <translation>角色</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>谁</translation>
    </message>
    <message>
        <source>From</source>
        <extracomment>Where a call came from: the local socket or a network address.</extracomment>
        <translation>来源</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>查看者</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>The role of a caller the engine did not let in.</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <source>done</source>
        <extracomment>An audited call that the engine carried out.</extracomment>
        <translation>已完成</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>已拒绝：%1</translation>
    </message>
</context>
<context>
    <name>loom::ui::ChartPanel</name>
    <message>
        <source>loading...</source>
        <translation>加载中...</translation>
    </message>
    <message>
        <source>history: %1</source>
        <translation>历史：%1</translation>
    </message>
    <message>
        <source>%1: %2 (min %3, max %4)</source>
        <extracomment>A series under the mouse: name, average, and the extremes of its bucket</extracomment>
        <translation>%1：%2（最小 %3，最大 %4）</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
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
    <name>loom::ui::Dashboard</name>
    <message>
        <source>pkt/s</source>
        <translation>包/秒</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>under 10%</source>
        <translation>低于 10%</translation>
    </message>
    <message>
        <source>10-25%</source>
        <translation>10-25%</translation>
    </message>
    <message>
        <source>25-50%</source>
        <translation>25-50%</translation>
    </message>
    <message>
        <source>50-75%</source>
        <translation>50-75%</translation>
    </message>
    <message>
        <source>75-90%</source>
        <translation>75-90%</translation>
    </message>
    <message>
        <source>over 90%</source>
        <translation>高于 90%</translation>
    </message>
    <message>
        <source>idle (under 1 kbit/s)</source>
        <translation>空闲（低于 1 kbit/s）</translation>
    </message>
    <message>
        <source>under 1 Mbit/s</source>
        <translation>低于 1 Mbit/s</translation>
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
        <translation>高于 10 Gbit/s</translation>
    </message>
    <message>
        <source>under 0.5 ms</source>
        <translation>低于 0.5 ms</translation>
    </message>
    <message>
        <source>0.5-1 ms</source>
        <translation>0.5-1 ms</translation>
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
        <translation>高于 20 ms</translation>
    </message>
    <message>
        <source>Busiest endpoints</source>
        <translation>最繁忙的端点</translation>
    </message>
    <message>
        <source>Latency %1 → %2 on %3</source>
        <extracomment>Latency chart title: from host, to host or endpoint, over network</extracomment>
        <translation>延迟 %1 → %2（%3）</translation>
    </message>
    <message>
        <source>Endpoint %1 (%2)</source>
        <translation>端点 %1（%2）</translation>
    </message>
    <message>
        <source>Network %1, all hosts</source>
        <translation>网络 %1，所有主机</translation>
    </message>
    <message>
        <source>Network %1 on %2</source>
        <translation>网络 %1，位于 %2</translation>
    </message>
    <message>
        <source>Underlay of all hosts</source>
        <translation>所有主机的底层网络</translation>
    </message>
    <message>
        <source>Host %1</source>
        <translation>主机 %1</translation>
    </message>
    <message>
        <source>Chart throughput</source>
        <translation>吞吐量图表</translation>
    </message>
    <message>
        <source>Chart latency (from its host)</source>
        <translation>延迟图表（从其主机）</translation>
    </message>
    <message>
        <source>Summed over all hosts</source>
        <translation>所有主机合计</translation>
    </message>
    <message>
        <source>On %1</source>
        <translation>在 %1 上</translation>
    </message>
    <message>
        <source>Chart latency (the matrix)</source>
        <translation>延迟图表（矩阵）</translation>
    </message>
    <message>
        <source>Underlay of %1</source>
        <translation>%1 的底层网络</translation>
    </message>
    <message>
        <source>Underlays of all hosts, summed</source>
        <translation>所有主机的底层网络合计</translation>
    </message>
    <message>
        <source>Chart latency</source>
        <translation>延迟图表</translation>
    </message>
    <message>
        <source>To %1 on %2</source>
        <extracomment>Latency menu entry: to host, on network</extracomment>
        <translation>到 %1（%2）</translation>
    </message>
    <message>
        <source>No other host shares a network with %1</source>
        <translation>没有其他主机与 %1 共享网络</translation>
    </message>
    <message>
        <source>no host named %1</source>
        <translation>没有名为 %1 的主机</translation>
    </message>
    <message>
        <source>no endpoint named %1</source>
        <translation>没有名为 %1 的端点</translation>
    </message>
    <message>
        <source>no network named %1</source>
        <translation>没有名为 %1 的网络</translation>
    </message>
    <message>
        <source>%1 is neither a host nor an endpoint of %2</source>
        <translation>%1 既不是主机，也不是 %2 的端点</translation>
    </message>
    <message>
        <source>not one of top, endpoint:NAME, network:NAME, host:NAME, latency:FROM:NETWORK:TO</source>
        <translation>不是 top、endpoint:名称、network:名称、host:名称、latency:源:网络:目标 之一</translation>
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
    <message>
        <source>its network has no service %1</source>
        <translation>其网络没有服务 %1</translation>
    </message>
    <message>
        <source>a service %1 is in the design twice</source>
        <translation>服务 %1 在设计中出现两次</translation>
    </message>
    <message>
        <source>%1 is not a port: write 8080, 8080/tcp or 53/udp</source>
        <translation>%1 不是端口：请写 8080、8080/tcp 或 53/udp</translation>
    </message>
    <message>
        <source>is on no network</source>
        <translation>不在任何网络上</translation>
    </message>
    <message>
        <source>%1 is an endpoint of its network</source>
        <translation>%1 是其网络中的端点</translation>
    </message>
    <message>
        <source>%1 cannot join the encrypted network %2: %3</source>
        <translation>%1 无法加入加密网络 %2：%3</translation>
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
    <message>
        <source>Add service %1 on %2</source>
        <translation>在 %2 上添加服务 %1</translation>
    </message>
    <message>
        <source>Change service %1</source>
        <translation>修改服务 %1</translation>
    </message>
    <message>
        <source>Put %1 behind %2</source>
        <translation>将 %1 放到 %2 之后</translation>
    </message>
    <message>
        <source>Take %1 out of its service</source>
        <translation>将 %1 移出其服务</translation>
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
    <message>
        <source>service %1 is on network %2, which the design does not have</source>
        <translation>服务 %1 位于网络 %2，而设计中没有该网络</translation>
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
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Drag onto a network to add a service (one VIP over the endpoints behind it); then drag from an endpoint onto the service</source>
        <translation>拖到网络上以添加服务（一个 VIP 分摊到其后的端点）；然后从端点拖到该服务上</translation>
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
    <message>
        <source>ports: %1 is not a list of ports such as 8080, 8080/tcp, 53/udp</source>
        <translation>ports：%1 不是端口列表，例如 8080、8080/tcp、53/udp</translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation>%1（经由 %2）</translation>
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
    <message>
        <source>%1 · %2 · %3/%4 healthy</source>
        <translation>%1 · %2 · %3/%4 健康</translation>
    </message>
    <message>
        <source>every port</source>
        <translation>所有端口</translation>
    </message>
    <message>
        <source>Service %1 on network %2</source>
        <translation>网络 %2 上的服务 %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>%1 · healthy</source>
        <translation>%1 · 健康</translation>
    </message>
    <message>
        <source>%1 · out</source>
        <translation>%1 · 已移出</translation>
    </message>
    <message>
        <source>joins no encrypted network: %1</source>
        <translation>不加入任何加密网络：%1</translation>
    </message>
    <message>
        <source>encrypted: its traffic between hosts in ESP (AES-GCM)</source>
        <translation>已加密：主机之间的流量使用 ESP（AES-GCM）</translation>
    </message>
    <message>
        <source>container %1, made by its runtime</source>
        <extracomment>a container runtime (podman, containerd) made this endpoint through Loom&apos;s CNI plugin</extracomment>
        <translation>容器 %1，由其容器运行时创建</translation>
    </message>
</context>
<context>
    <name>loom::ui::LatencyMatrix</name>
    <message>
        <source>Latency on network</source>
        <translation>网络上的延迟</translation>
    </message>
    <message>
        <source>median RTT:</source>
        <translation>RTT 中位数：</translation>
    </message>
    <message>
        <source>red bar: loss</source>
        <translation>红条：丢包</translation>
    </message>
</context>
<context>
    <name>loom::ui::LatencyMatrixModel</name>
    <message>
        <source>host %1 is down (its lease expired)</source>
        <translation>主机 %1 已宕机（其租约已过期）</translation>
    </message>
    <message>
        <source>the engine of %1 is not answering</source>
        <translation>%1 的引擎没有响应</translation>
    </message>
    <message>
        <source>no probes</source>
        <translation>无探测</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>%1
%2 loss</source>
        <extracomment>A latency matrix cell: median RTT, then loss over the last 2 s</extracomment>
        <translation>%1
丢包 %2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>no probes between these hosts yet</source>
        <translation>这些主机之间尚无探测</translation>
    </message>
    <message>
        <source>median %1, p90 %2, p99 %3, jitter %4
loss %5 (last 2 s), %6 (last minute: %7 of %8 answered)
click for the chart</source>
        <translation>中位数 %1，p90 %2，p99 %3，抖动 %4
丢包 %5（最近 2 秒），%6（最近一分钟：%8 个中 %7 个有响应）
点击查看图表</translation>
    </message>
    <message>
        <source>from %1</source>
        <extracomment>Matrix headers: &quot;from h1&quot; on rows, &quot;to h2&quot; on columns</extracomment>
        <translation>从 %1</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>到 %1</translation>
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
        <translation>中位数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>丢包</translation>
    </message>
</context>
<context>
    <name>loom::ui::LegendWidget</name>
    <message>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>%1: click to show or hide it</source>
        <translation>%1：点击显示或隐藏</translation>
    </message>
</context>
<context>
    <name>loom::ui::LiveCanvas</name>
    <message>
        <source>Set load capacity for colours...</source>
        <translation>设置用于着色的负载容量...</translation>
    </message>
    <message>
        <source>Load capacity</source>
        <translation>负载容量</translation>
    </message>
    <message>
        <source>Capacity of network %1 in Mbit/s (0: the fixed scale). Links are then coloured by their share of it.</source>
        <translation>网络 %1 的容量，单位 Mbit/s（0：固定刻度）。链路将按其占容量的比例着色。</translation>
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
    <message>
        <source>&amp;Monitor</source>
        <translation>监控(&amp;M)</translation>
    </message>
    <message>
        <source>To begin, drag a Network from the palette onto the canvas, drag an Endpoint into a host, then draw a link from the endpoint to the network and choose Plan and apply. Or see it running: scripts/run --lab 3 --demo</source>
        <translation>开始：从调色板将“网络”拖到画布上，将“端点”拖入主机，再从端点向网络画一条连线，然后选择“规划并应用”。或者查看运行效果：scripts/run --lab 3 --demo</translation>
    </message>
    <message>
        <source>Show live &amp;load on the canvas</source>
        <translation>在画布上显示实时负载(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Export bundle...</source>
        <translation>导出配置包(&amp;E)...</translation>
    </message>
    <message>
        <source>Export bundle</source>
        <translation>导出配置包</translation>
    </message>
    <message>
        <source>Loom bundles (*.tar.gz)</source>
        <translation>Loom 配置包 (*.tar.gz)</translation>
    </message>
    <message>
        <source>&amp;Import bundle...</source>
        <translation>导入配置包(&amp;I)...</translation>
    </message>
    <message>
        <source>Import bundle</source>
        <translation>导入配置包</translation>
    </message>
    <message>
        <source>Loom bundles (*.tar.gz);;All files (*)</source>
        <translation>Loom 配置包 (*.tar.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Bundle written to %1</source>
        <translation>配置包已写入 %1</translation>
    </message>
    <message>
        <source>Export &amp;live cluster as bundle...</source>
        <translation>将运行中的集群导出为配置包(&amp;L)...</translation>
    </message>
    <message>
        <source>Export live bundle</source>
        <translation>导出运行中的配置包</translation>
    </message>
    <message>
        <source>Exporting the live cluster...</source>
        <translation>正在导出运行中的集群...</translation>
    </message>
    <message>
        <source>Live bundle written to %1</source>
        <translation>运行中的配置包已写入 %1</translation>
    </message>
    <message>
        <source>service %1</source>
        <translation>服务 %1</translation>
    </message>
    <message>
        <source>host %1</source>
        <translation>主机 %1</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Audit</source>
        <extracomment>A dock listing every change and every refusal the engine recorded</extracomment>
        <translation>审计</translation>
    </message>
    <message>
        <source>You are a viewer on this engine: you may draft and plan, but applying needs an operator (root, group loom, or a certificate with OU=loom-operator)</source>
        <translation>您在此引擎上是查看者：可以起草和规划，但应用需要操作员（root、loom 组，或 OU=loom-operator 的证书）</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <extracomment>The status bar: this console&apos;s role on the engine, and who the engine sees</extracomment>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <source>Viewer: %1 (look and plan only)</source>
        <translation>查看者：%1（仅查看和规划）</translation>
    </message>
    <message>
        <source>Drafts only: %1</source>
        <translation>仅草稿：%1</translation>
    </message>
</context>
<context>
    <name>loom::ui::MonitorPage</name>
    <message>
        <source>host %1 went down</source>
        <translation>主机 %1 已宕机</translation>
    </message>
    <message>
        <source>host %1 is back</source>
        <translation>主机 %1 已恢复</translation>
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
        <translation>已失败</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>已更改</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <extracomment>A chart marker: the object, and what happened to it</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Live: last 5 minutes</source>
        <translation>实时：最近 5 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Custom range...</source>
        <translation>自定义范围...</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop the charts moving (data is still collected); again to resume</source>
        <translation>停止图表滚动（仍会采集数据）；再次点击以继续</translation>
    </message>
    <message>
        <source>Busiest endpoints</source>
        <translation>最繁忙的端点</translation>
    </message>
    <message>
        <source>Add a panel with the busiest endpoints now</source>
        <translation>添加显示当前最繁忙端点的面板</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>No charts yet. Right-click an endpoint, a network or a host (in the inventory, the tables or on the canvas) and choose &quot;Chart throughput&quot; or &quot;Chart latency&quot;; click a cell of the latency matrix below; or add the busiest endpoints.</source>
        <translation>还没有图表。右键点击端点、网络或主机（在清单、表格或画布中），选择“吞吐量图表”或“延迟图表”；点击下方延迟矩阵的单元格；或添加最繁忙的端点。</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义范围</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>engine lost: no live data (the charts show the gap)</source>
        <translation>与引擎失去连接：没有实时数据（图表显示空缺）</translation>
    </message>
    <message>
        <source>paused (double-click a chart to go back to live)</source>
        <translation>已暂停（双击图表返回实时）</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
</context>
<context>
    <name>loom::ui::MonitorPanel</name>
    <message>
        <source>Export as &amp;PNG...</source>
        <translation>导出为 PNG(&amp;P)...</translation>
    </message>
    <message>
        <source>Export data as &amp;CSV...</source>
        <translation>将数据导出为 CSV(&amp;C)...</translation>
    </message>
    <message>
        <source>Move &amp;earlier</source>
        <translation>前移(&amp;E)</translation>
    </message>
    <message>
        <source>Move &amp;later</source>
        <translation>后移(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>this panel has no data to export</source>
        <translation>此面板没有可导出的数据</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Export chart data</source>
        <translation>导出图表数据</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
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
    <message>
        <source>changed in place: %1</source>
        <translation>原地修改：%1</translation>
    </message>
    <message>
        <source>service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>internal (its names only)</source>
        <translation>内部（仅解析其自身名称）</translation>
    </message>
    <message>
        <source>no longer internal</source>
        <translation>不再是内部网络</translation>
    </message>
    <message>
        <source>encrypted from now on</source>
        <translation>从现在起加密</translation>
    </message>
    <message>
        <source>no longer encrypted</source>
        <translation>不再加密</translation>
    </message>
    <message>
        <source>key rotation</source>
        <translation>密钥轮换</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>a container&apos;s (its runtime made it): the container loses this network</source>
        <translation>属于某个容器（由其运行时创建）：该容器将失去此网络</translation>
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
    <message>
        <source>change network %1 in place</source>
        <translation>原地修改网络 %1</translation>
    </message>
    <message>
        <source>change endpoint %1 in place</source>
        <translation>原地修改端点 %1</translation>
    </message>
    <message>
        <source>create service %1 on %2 (%3, %4)</source>
        <translation>在 %2 上创建服务 %1（%3，%4）</translation>
    </message>
    <message>
        <source>automatic VIP</source>
        <translation>自动 VIP</translation>
    </message>
    <message>
        <source>VIP %1</source>
        <translation>VIP %1</translation>
    </message>
    <message>
        <source>every port</source>
        <translation>所有端口</translation>
    </message>
    <message>
        <source>delete service %1 from %2</source>
        <translation>从 %2 删除服务 %1</translation>
    </message>
    <message>
        <source>You are a viewer on this engine (%1): you may plan, but applying needs an operator</source>
        <translation>您在此引擎上是查看者（%1）：可以规划，但应用需要操作员</translation>
    </message>
    <message>
        <source>As a viewer you may look at this plan; an operator can apply it.</source>
        <translation>作为查看者，您可以查看此计划；操作员可以应用它。</translation>
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
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Service %1</source>
        <translation>服务 %1</translation>
    </message>
    <message>
        <source>every port; or 8080, 8080/tcp, 53/udp</source>
        <translation>所有端口；或 8080、8080/tcp、53/udp</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Live VIP</source>
        <translation>当前 VIP</translation>
    </message>
    <message>
        <source>Backends</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>%1 of %2 healthy</source>
        <translation>%2 个中 %1 个健康</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>%1, healthy</source>
        <translation>%1，健康</translation>
    </message>
    <message>
        <source>%1, out: %2</source>
        <translation>%1，已移出：%2</translation>
    </message>
    <message>
        <source>only its own names resolve</source>
        <translation>只解析其自身的名称</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>its traffic between hosts in ESP (AES-GCM)</source>
        <translation>主机之间的流量使用 ESP（AES-GCM）</translation>
    </message>
    <message>
        <source>Needs a kernel with ESP on every host, and etcd over TLS. It cannot be switched on a live network: the plan makes it again.</source>
        <translation>需要每台主机的内核支持 ESP，并且 etcd 使用 TLS。运行中的网络无法切换：计划会重新创建它。</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>加密</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>default (12 h)</source>
        <translation>默认（12 小时）</translation>
    </message>
    <message>
        <source>Key rotation</source>
        <translation>密钥轮换</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密</translation>
    </message>
    <message>
        <source>can carry encrypted networks</source>
        <translation>可以承载加密网络</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>否：%1</translation>
    </message>
</context>
<context>
    <name>loom::ui::TelemetryClient</name>
    <message>
        <source>the engine did not answer (%1)</source>
        <translation>引擎没有响应（%1）</translation>
    </message>
    <message>
        <source>not connected to an engine</source>
        <translation>未连接到引擎</translation>
    </message>
</context>
<context>
    <name>loom::ui::ThroughputPanel</name>
    <message>
        <source>in</source>
        <translation>入</translation>
    </message>
    <message>
        <source>out</source>
        <translation>出</translation>
    </message>
    <message>
        <source>packets in</source>
        <translation>入包</translation>
    </message>
    <message>
        <source>packets out</source>
        <translation>出包</translation>
    </message>
    <message>
        <source>errors in</source>
        <translation>入错误</translation>
    </message>
    <message>
        <source>errors out</source>
        <translation>出错误</translation>
    </message>
    <message>
        <source>drops in</source>
        <translation>入丢弃</translation>
    </message>
    <message>
        <source>drops out</source>
        <translation>出丢弃</translation>
    </message>
</context>
<context>
    <name>loom::ui::TopEndpointsModel</name>
    <message>
        <source>%1 on %2: in %3, out %4; click for its chart</source>
        <translation>%1（%2）：入 %3，出 %4；点击查看其图表</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>In + out</source>
        <translation>入 + 出</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>最近一分钟</translation>
    </message>
</context>
<context>
    <name>loom::ui::TopPanel</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
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
    <message>
        <source>every port</source>
        <translation>所有端口</translation>
    </message>
    <message>
        <source>service %1: VIP %2, %3</source>
        <translation>服务 %1：VIP %2，%3</translation>
    </message>
    <message>
        <source>%1 of %2 backend(s) healthy</source>
        <translation>%2 个后端中 %1 个健康</translation>
    </message>
    <message>
        <source>%1 out: %2</source>
        <translation>%1 已移出：%2</translation>
    </message>
    <message>
        <source>encrypted: its traffic between hosts in ESP</source>
        <translation>已加密：主机之间的流量使用 ESP</translation>
    </message>
    <message>
        <source>container %1, made by its runtime</source>
        <extracomment>a container runtime (podman, containerd) made this endpoint through Loom&apos;s CNI plugin</extracomment>
        <translation>容器 %1，由其容器运行时创建</translation>
    </message>
</context>
<context>
    <name>loom::ui::Weathermap</name>
    <message>
        <source>%1, %2</source>
        <extracomment>Weathermap tooltip: rates of one direction, bits and packets per second</extracomment>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>endpoint %1 on %2
out (the half at the endpoint): %3
in (the half at the network): %4
double-click for its chart</source>
        <translation>端点 %1（%2）
出（靠近端点的一半）：%3
入（靠近网络的一半）：%4
双击查看其图表</translation>
    </message>
    <message>
        <source>endpoint %1 on %2: no live samples</source>
        <translation>端点 %1（%2）：没有实时采样</translation>
    </message>
    <message>
        <source>colours: share of %1</source>
        <translation>颜色：占 %1 的比例</translation>
    </message>
    <message>
        <source>network %1 on %2 (its vxlan device, to and from other hosts)
in: %3
out: %4
double-click for its chart</source>
        <translation>网络 %1（%2）（其 vxlan 设备，与其他主机之间的流量）
入：%3
出：%4
双击查看其图表</translation>
    </message>
    <message>
        <source>network %1 on %2: no live samples</source>
        <translation>网络 %1（%2）：没有实时采样</translation>
    </message>
    <message>
        <source>the engine of %1 is not answering</source>
        <translation>%1 的引擎没有响应</translation>
    </message>
    <message>
        <source>probes from %1 to %2 on %3 are lost</source>
        <translation>从 %1 到 %2 在 %3 上的探测丢失</translation>
    </message>
    <message>
        <source>%1 links share this line; it shows the busiest</source>
        <translation>%1 条连接共用这条线；显示的是负载最高的一条</translation>
    </message>
</context>
<context>
    <name>loom::ui::WeathermapLegend</name>
    <message>
        <source>Live load per direction</source>
        <translation>各方向实时负载</translation>
    </message>
    <message>
        <source>A network with a capacity set: share of it.
Double-click a link for its chart.</source>
        <translation>已设置容量的网络：按占容量的比例。
双击链路查看其图表。</translation>
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
    <message>
        <source>Open on this tab: topology or monitor.</source>
        <translation>打开此标签页：topology 或 monitor。</translation>
    </message>
    <message>
        <source>Open this chart on the Monitor (repeatable): top, endpoint:NAME, network:NAME[@HOST], host:NAME, latency:FROM:NETWORK:TO.</source>
        <translation>在监控页打开此图表（可重复）：top、endpoint:名称、network:名称[@主机]、host:名称、latency:源:网络:目标。</translation>
    </message>
</context>
</TS>
