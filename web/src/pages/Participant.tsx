import type { Certificate, Page, Participant as ParticipantDetail, Trade } from "../api";
import { Async, Badge, Bi, Empty, ExpiryBadge, statusTone } from "../components/ui";
import { formatDate, formatTime } from "../format";
import { useApi, useChainNow } from "../hooks";
import { ASSESSMENT_LABELS, KIND_LABELS, PARTICIPANT_STATUS_LABELS, RIGHT_LABELS, VALIDITY_LABELS, labelOf } from "../labels";
import { href } from "../router";
import { TradeTimeline } from "./Product";

function Accreditation({ participant }: { participant: ParticipantDetail }) {
  const now = useChainNow();
  return (
    <section aria-labelledby="accreditation">
      <h2 id="accreditation">Accreditation <span lang="zh-CN" class="zh">主体资质</span></h2>
      <dl class="facts grid">
        <div><dt>Status</dt><dd><Badge tone={statusTone(participant.status)}><Bi label={labelOf(PARTICIPANT_STATUS_LABELS, participant.status)} /></Badge></dd></div>
        <div>
          <dt>Kinds</dt>
          <dd>
            {participant.kinds.length === 0 ? "None" : (
              <ul class="inline-list">{participant.kinds.map((kind) => <li key={kind}><Badge><Bi label={labelOf(KIND_LABELS, kind)} /></Badge></li>)}</ul>
            )}
          </dd>
        </div>
        {participant.assessmentKinds.length > 0 && (
          <div>
            <dt>Accredited to assess</dt>
            <dd><ul class="inline-list">{participant.assessmentKinds.map((kind) => <li key={kind}><Bi label={labelOf(ASSESSMENT_LABELS, kind)} /></li>)}</ul></dd>
          </div>
        )}
        <div><dt>Jurisdiction</dt><dd>{participant.jurisdiction}</dd></div>
        <div>
          <dt>Accreditation expires</dt>
          <dd>
            {formatDate(participant.accreditedUntil)}{" "}
            {participant.accreditedUntil && <ExpiryBadge expiresAt={participant.accreditedUntil} now={now} expired="Lapsed" />}
          </dd>
        </div>
        {participant.staffRoles.length > 0 && <div><dt>Exchange roles</dt><dd>{participant.staffRoles.join(", ")}</dd></div>}
        <div><dt>Dossier hash</dt><dd class="mono hash">{participant.dossierHash}</dd></div>
      </dl>
      <h3>Accreditation history</h3>
      <ol class="timeline">
        {participant.history.map((entry) => (
          <li key={`${entry.blockNumber}-${entry.event}`}>
            <time dateTime={entry.at}>{formatTime(entry.at)}</time> {entry.event}{entry.status ? `: ${entry.previousStatus ?? "—"} → ${entry.status}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Participant({ address }: { address: string }) {
  const participant = useApi<ParticipantDetail>(`/participants/${address}`);
  const certificates = useApi<Page<Certificate>>(`/certificates?holder=${address}&limit=100`);
  const trades = useApi<Page<Trade>>(`/trades?party=${address}&limit=100`);
  return (
    <>
      <p class="breadcrumb"><a href={href.catalogue()}>Catalogue</a> / participant</p>
      <h1 tabIndex={-1}>Participant <span class="mono">{address}</span></h1>
      <Async loaded={participant} what="the participant">{(data) => <Accreditation participant={data} />}</Async>
      <section aria-labelledby="held">
        <h2 id="held">Certificates held <span lang="zh-CN" class="zh">持有的权利证书</span></h2>
        <Async loaded={certificates} what="the certificates">
          {(page) => page.items.length === 0 ? <Empty>No certificate.</Empty> : (
            <table>
              <thead><tr><th scope="col">No.</th><th scope="col">Right</th><th scope="col">Product</th><th scope="col">Validity</th><th scope="col">Expires</th></tr></thead>
              <tbody>
                {page.items.map((certificate) => (
                  <tr key={certificate.id}>
                    <td>{certificate.id}</td>
                    <td><Bi label={labelOf(RIGHT_LABELS, certificate.category)} /></td>
                    <td><a href={href.product(certificate.productId)}>product {certificate.productId}</a></td>
                    <td><Badge tone={statusTone(certificate.validity)}><Bi label={labelOf(VALIDITY_LABELS, certificate.validity)} /></Badge></td>
                    <td>{formatDate(certificate.expiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
      </section>
      <section aria-labelledby="participant-trades">
        <h2 id="participant-trades">Trades <span lang="zh-CN" class="zh">交易记录</span></h2>
        <Async loaded={trades} what="the trades">{(page) => <TradeTimeline trades={[...page.items].reverse()} />}</Async>
      </section>
    </>
  );
}
