#pragma once
// The single page mqdashboard serves at "/": plain HTML, CSS and JS, no external files.
// It polls /api/cluster, /api/topics, /api/groups and /api/lag-history every 5 s, draws
// lag over the last 5 minutes on a <canvas>, and looks messages up by offset msgId or by
// topic + key. A lookup can be given in the URL and runs on load:
// "/?topic=T&key=K" (by key, /api/messages) or "/?msgId=ID" (/api/message). Rows carry
// data-topic, data-group/data-lag and data-msgid attributes for scripts and tests.

namespace rmq::dashboard {

inline constexpr const char* kDashboardHtml = R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>rmq dashboard</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#1f2d3d;color:#fff;padding:10px 20px;font-size:18px}
main{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px}
section{background:#fff;border-radius:6px;padding:12px;box-shadow:0 1px 3px #0002;overflow:auto;max-height:420px}
h2{font-size:15px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-bottom:1px solid #e3e3e3;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#fafafa}.num{text-align:right}.err{color:#b00}
#lag{width:100%;height:220px}
</style></head>
<body><header>rmq dashboard <span id="updated" style="font-size:12px;opacity:.7"></span></header>
<main>
<section><h2>Cluster</h2><table id="cluster"><tr><th>cluster</th><th>broker</th><th>addresses</th></tr></table></section>
<section><h2>Consumer lag (last 5 minutes)</h2><canvas id="lag" width="600" height="220"></canvas></section>
<section><h2>Topics</h2><table id="topics"><tr><th>topic</th><th class="num">queues</th><th class="num">messages</th><th>offsets (queue: min-max)</th></tr></table></section>
<section><h2>Consumer groups</h2><table id="groups"><tr><th>group</th><th class="num">lag</th><th class="num">tps</th><th>queues (topic/queue: consumer/broker)</th></tr></table></section>
<section style="grid-column:1/3"><h2>Message lookup</h2>
<input id="msgId" size="40" placeholder="offset msgId (32 hex characters)"><button onclick="lookup()">Find</button>
&nbsp; <input id="keyTopic" size="20" placeholder="topic"><input id="msgKey" size="20" placeholder="message key"><button onclick="lookupKey()">Find by key</button>
<table id="found"><tr><th>msgId</th><th>topic</th><th>keys</th><th>queue/offset</th><th>body</th></tr></table>
<pre id="msg"></pre></section>
</main>
<script>
function esc(s){return String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));}
async function get(p){const r=await fetch(p);return r.json();}
function rows(id,head,list){document.getElementById(id).innerHTML=head+list.join('');}
async function refresh(){
 try{
  const c=await get('/api/cluster');const cr=[];
  for(const cl of c.clusters||[])for(const b of cl.brokers)cr.push('<tr><td>'+esc(cl.cluster)+'</td><td>'+esc(b.brokerName)+'</td><td>'+esc(Object.entries(b.addrs).map(([k,v])=>k+'='+v).join(', '))+'</td></tr>');
  if(c.error)cr.push('<tr><td colspan=3 class=err>'+esc(c.error)+'</td></tr>');
  rows('cluster','<tr><th>cluster</th><th>broker</th><th>addresses</th></tr>',cr);
  const t=await get('/api/topics');
  rows('topics','<tr><th>topic</th><th class="num">queues</th><th class="num">messages</th><th>offsets (queue: min-max)</th></tr>',
   (t.topics||[]).map(x=>'<tr class="topic-row" data-topic="'+esc(x.topic)+'"><td>'+esc(x.topic)+'</td><td class=num>'+x.queues.length+'</td><td class=num>'+x.messages+'</td><td>'+
   esc(x.queues.slice(0,8).map(q=>q.queueId+': '+q.minOffset+'-'+q.maxOffset).join(' ')+(x.queues.length>8?' …':''))+'</td></tr>'));
  const g=await get('/api/groups');
  rows('groups','<tr><th>group</th><th class="num">lag</th><th class="num">tps</th><th>queues (topic/queue: consumer/broker)</th></tr>',
   (g.groups||[]).map(x=>'<tr class="group-row" data-group="'+esc(x.group)+'" data-lag="'+x.lag+'"><td>'+esc(x.group)+'</td><td class=num>'+x.lag+'</td><td class=num>'+x.tps.toFixed(1)+'</td><td>'+
   esc(x.queues.slice(0,8).map(q=>q.topic+'/'+q.queueId+': '+q.consumerOffset+'/'+q.brokerOffset).join(' ')+(x.queues.length>8?' …':''))+'</td></tr>'));
  draw(await get('/api/lag-history'));
  document.getElementById('updated').textContent='updated '+new Date().toLocaleTimeString();
 }catch(e){document.getElementById('updated').textContent='error: '+e;}
}
function draw(h){
 const cv=document.getElementById('lag'),ctx=cv.getContext('2d'),W=cv.width,H=cv.height,P=30;
 ctx.clearRect(0,0,W,H);ctx.strokeStyle='#999';ctx.strokeRect(P,5,W-P-5,H-P);
 const pts=h.points||[];if(!pts.length)return;
 const now=pts[pts.length-1].ts,t0=now-h.windowMillis;let max=1;const groups=new Set();
 for(const p of pts)for(const [g,v] of Object.entries(p.lag)){groups.add(g);max=Math.max(max,v);}
 ctx.fillStyle='#333';ctx.font='11px sans-serif';ctx.fillText(String(max),2,12);ctx.fillText('0',2,H-P);ctx.fillText('-5 min',P,H-P+14);ctx.fillText('now',W-30,H-P+14);
 const colors=['#1f77b4','#ff7f0e','#2ca02c','#d62728','#9467bd','#8c564b'];let i=0;
 for(const g of groups){ctx.strokeStyle=colors[i%colors.length];ctx.beginPath();let first=true;
  for(const p of pts){if(!(g in p.lag))continue;const x=P+(p.ts-t0)/h.windowMillis*(W-P-5),y=5+(H-P-5)*(1-p.lag[g]/max);
   if(first){ctx.moveTo(x,y);first=false;}else ctx.lineTo(x,y);}
  ctx.stroke();ctx.fillStyle=colors[i%colors.length];ctx.fillText(g,P+5,18+12*i);i++;}
}
function showFound(list,error){
 rows('found','<tr><th>msgId</th><th>topic</th><th>keys</th><th>queue/offset</th><th>body</th></tr>',
  list.map(m=>'<tr class="msg-row" data-msgid="'+esc(m.msgId)+'"><td>'+esc(m.msgId)+'</td><td>'+esc(m.topic)+'</td><td>'+esc(m.keys)+
   '</td><td>'+m.queueId+'/'+m.queueOffset+'</td><td class="msg-body">'+esc(m.body)+'</td></tr>').concat(
   error?['<tr class="msg-error"><td colspan=5 class=err>'+esc(error)+'</td></tr>']:[]));}
async function lookup(){const id=document.getElementById('msgId').value.trim();
 const m=await get('/api/message?msgId='+encodeURIComponent(id));document.getElementById('msg').textContent=JSON.stringify(m,null,2);
 showFound(m.error?[]:[m],m.error);}
async function lookupKey(){const t=document.getElementById('keyTopic').value.trim(),k=document.getElementById('msgKey').value.trim();
 const r=await get('/api/messages?topic='+encodeURIComponent(t)+'&key='+encodeURIComponent(k));
 showFound(r.messages||[],r.error||((r.messages||[]).length?'':'no message with key '+k+' in topic '+t));}
const qs=new URLSearchParams(location.search);
if(qs.get('topic')&&qs.get('key')){document.getElementById('keyTopic').value=qs.get('topic');document.getElementById('msgKey').value=qs.get('key');lookupKey();}
else if(qs.get('msgId')){document.getElementById('msgId').value=qs.get('msgId');lookup();}
refresh();setInterval(refresh,5000);
</script></body></html>
)HTML";

}  // namespace rmq::dashboard
