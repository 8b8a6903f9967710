import { ethers } from "ethers";
import type { StoryContext } from "./context";

/**
 * Story 1 of DOMAIN.md: Shenzhen Power Supply registers an enterprise electricity-usage credit
 * product; a law firm and a standards institute assess it; the exchange certifies it, registers
 * the provider's rights and lists it at a reference price; a bank and a district bureau buy
 * processing-use licences; Weiyan Tech pledges its own product's certificate for a loan.
 */
export async function runStory1(context: StoryContext): Promise<void> {
  const { contracts, cast, log, now, YEAR } = context;
  const { participants, products, certificates, assessments } = contracts;
  const { registrar, shenzhenPower, lawFirm, standardsInstitute } = cast;

  log.heading("Story 1 — Shenzhen Power Supply's electricity-usage credit product");

  log.step("The exchange accredits the parties");
  const accreditedUntil = (await now()) + 3n * YEAR;
  await context.accredit(shenzhenPower, "Shenzhen Power Supply Co.", { provider: true, buyer: true });
  await context.accredit(lawFirm, "Guangdong Data Law Firm", { assessmentKinds: ["LegalCompliance", "PersonalInfoProtection"] });
  await context.accredit(standardsInstitute, "Shenzhen Standards Institute", {
    assessmentKinds: ["Quality", "SecurityRisk", "CrossBorderSecurity", "PriceEvaluation"],
  });
  log.detail(`accreditation valid until ${context.date(accreditedUntil)}`);

  log.step("Shenzhen Power Supply registers the product");
  const manifest = {
    name: "Enterprise electricity-usage credit index",
    description: "Monthly electricity consumption of SMEs in Shenzhen, scored for credit assessment",
    period: "2021-01/2023-12",
  };
  const contentHash = ethers.sha256(ethers.toUtf8Bytes(JSON.stringify(manifest)));
  const registerTx = await products.connect(shenzhenPower).register({
    contentHash,
    originDeclarationHash: ethers.id("Origin declaration: metering data collected under supply contracts"),
    productType: 5, // Index
    sourceCategory: 1, // Enterprise
    classification: 0, // General
    containsPersonalInfo: false,
    metadataURI: "https://data.szdex.example/products/electricity-credit-index",
    sources: [],
    sourceCertificates: [],
  });
  await registerTx.wait();
  const productId = await products.productCount();
  log.detail(`${await products.registrationNumber(productId)} registered, content hash ${contentHash.slice(0, 18)}…`);
  log.detail(`required assessments: ${context.kindNames(await assessments.requiredKinds(productId)).join(", ")}`);

  log.step("Two accredited assessors record their findings");
  const findingsExpireAt = (await now()) + YEAR;
  await (
    await assessments.connect(lawFirm).record({
      productId, kind: 0, passed: true, expiresAt: findingsExpireAt, reportHash: ethers.id("Legal compliance opinion 2023-117"),
    })
  ).wait();
  log.detail(`Guangdong Data Law Firm: LegalCompliance passed, valid until ${context.date(findingsExpireAt)}`);

  // The institute runs no node: it signs its finding off-chain and the exchange submits it.
  const finding = {
    productId, kind: 2, passed: true, expiresAt: findingsExpireAt, reportHash: ethers.id("Data quality report Q-2023-88"),
  };
  const nonce = await assessments.nonces(standardsInstitute.address);
  const deadline = (await now()) + 3600n;
  const signature = await standardsInstitute.signTypedData(
    await context.assessmentDomain(),
    context.assessmentTypes,
    { assessor: standardsInstitute.address, ...finding, nonce, deadline },
  );
  await (await assessments.connect(registrar).recordBySig(standardsInstitute.address, finding, nonce, deadline, signature)).wait();
  log.detail("Shenzhen Standards Institute: Quality passed (signed off-chain, submitted by the exchange)");
  log.detail(`policy met: ${await assessments.meetsPolicy(productId)}`);

  log.step("The exchange certifies the product and registers the provider's rights");
  await (await products.connect(registrar).certify(productId)).wait();
  log.detail(`${await products.registrationNumber(productId)} is now ${context.productStatus((await products.product(productId)).status)}`);
  const rightsUntil = (await now()) + 5n * YEAR;
  await (
    await certificates.connect(registrar).issue(
      shenzhenPower.address, productId, 0, rightsUntil,
      ethers.id("Scope: hold and control the metering dataset, PRC"), ethers.id("Evidence: supply contracts, DSL art. 33 declaration"),
    )
  ).wait();
  const holdingId = await certificates.certificateCount();
  await (
    await certificates.connect(registrar).issue(
      shenzhenPower.address, productId, 2, rightsUntil,
      ethers.id("Scope: operate and license the credit index, PRC"), ethers.id("Evidence: product registration and assessments"),
    )
  ).wait();
  const operationId = await certificates.certificateCount();
  for (const tokenId of [holdingId, operationId]) {
    const certificate = await certificates.certificate(tokenId);
    log.detail(
      `${await certificates.registrationNumber(tokenId)} ${context.categoryName(certificate.category)} → Shenzhen Power Supply, ` +
        `valid until ${context.date(certificate.expiresAt)}, locked: ${await certificates.locked(tokenId)}, ` +
        `validity: ${context.validityName(await certificates.validity(tokenId))}`,
    );
  }

  log.step("The exchange lists it; the standards institute prices it by the Cost method and the provider confirms");
  const { listings, trades } = context.contracts;
  const cn = ethers.hexlify(ethers.toUtf8Bytes("CN"));
  const cny = ethers.hexlify(ethers.toUtf8Bytes("CNY"));
  await (await listings.connect(registrar).list(productId, 1, 2n * context.YEAR, [cn])).wait();
  await (await listings.connect(standardsInstitute).proposePrice(productId, 12_000_000n, cny, 1)).wait();
  await (await listings.connect(shenzhenPower).confirmPrice(productId)).wait();
  log.detail(`${await products.registrationNumber(productId)} listed: ProcessingUse licences for up to two years, buyers in CN, reference price CNY 120,000.00 (Cost)`);

  log.step("Two buyers take processing-use licences: each deal signed by both, confirmed by the exchange, delivered, received");
  const { bankOfShenzhen, districtBureau, weiyanTech, creditBank } = cast;
  await context.accredit(bankOfShenzhen, "Bank of Shenzhen", { buyer: true });
  await context.accredit(districtBureau, "Futian District Bureau", { buyer: true });
  const contentHashOnChain = (await products.product(productId)).contentHash;
  let dealNonce = 0n;
  for (const [buyer, name] of [[bankOfShenzhen, "Bank of Shenzhen"], [districtBureau, "Futian District Bureau"]] as const) {
    const deal = {
      productId, contentHash: contentHashOnChain, seller: shenzhenPower.address, buyer: buyer.address, broker: ethers.ZeroAddress,
      sellerCertificateId: holdingId, rightGranted: 1, priceAmount: 12_000_000n, currency: cny, priceCommitment: ethers.ZeroHash,
      termsHash: ethers.id(`Licence terms for ${name}`), purposeHash: ethers.id("SME credit assessment"),
      licenceExpiresAt: (await now()) + context.YEAR, crossBorder: false, nonce: ++dealNonce, deadline: (await now()) + 3600n,
    };
    const domain = await context.tradeDomain();
    const sellerSignature = await shenzhenPower.signTypedData(domain, context.dealTypes, deal);
    const buyerSignature = await buyer.signTypedData(domain, context.dealTypes, deal);
    await (await trades.connect(registrar).confirm(deal, sellerSignature, buyerSignature)).wait();
    const tradeId = await trades.tradeCount();
    await (await trades.connect(shenzhenPower).deliver(tradeId, ethers.id(`delivery to ${name}`))).wait();
    await (await trades.connect(buyer).confirmReceipt(tradeId)).wait();
    const licenceId = (await trades.trade(tradeId)).buyerCertificateId;
    log.detail(
      `trade ${tradeId}: ${name} holds ${await certificates.registrationNumber(licenceId)} (ProcessingUse, derived from ` +
        `${await certificates.registrationNumber(holdingId)}), validity: ${context.validityName(await certificates.validity(licenceId))}`,
    );
  }

  log.step("Weiyan Tech pledges its own product's holding certificate to a bank for a credit line");
  await context.accredit(weiyanTech, "Weiyan Tech", { provider: true });
  await context.accredit(creditBank, "Shenzhen Rural Commercial Bank", { financier: true });
  await (
    await products.connect(weiyanTech).register({
      contentHash: ethers.id("Weiyan Tech industrial data product"), originDeclarationHash: ethers.id("Weiyan origin declaration"),
      productType: 0, sourceCategory: 1, classification: 0, containsPersonalInfo: false, metadataURI: "", sources: [],
      sourceCertificates: [],
    })
  ).wait();
  const weiyanProduct = await products.productCount();
  await (
    await certificates.connect(registrar).issue(
      weiyanTech.address, weiyanProduct, 0, rightsUntil, ethers.id("Scope: Weiyan data asset"), ethers.id("Evidence: Weiyan registration"),
    )
  ).wait();
  const weiyanHolding = await certificates.certificateCount();
  await (await certificates.connect(weiyanTech).pledge(weiyanHolding, creditBank.address, ethers.id("Credit line agreement"))).wait();
  log.detail(
    `${await certificates.registrationNumber(weiyanHolding)} pledged to Shenzhen Rural Commercial Bank: ` +
      `it cannot be surrendered or reissued until the bank releases it`,
  );
  log.detail(`${await participants.participantCount()} participants accredited, ${await trades.tradeCount()} trades on the ledger`);
}
