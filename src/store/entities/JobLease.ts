import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/**
 * One fire of a scheduled job (`sla-sweep:2026-11-24T09:01:00.000Z`), taken by the first instance that inserts it.
 * node-cron 4 asks its run coordinator before each fire of a `distributed` task; this row is that election.
 */
@Entity("job_lease")
@Index("IDX_job_lease_expires", ["expiresAt"])
export class JobLease {
  @PrimaryColumn({ type: "varchar", length: 200 })
  key!: string;

  /** The instance that runs the fire (random per process). */
  @Column({ type: "varchar", length: 100 })
  owner!: string;

  @Column({ type: Date })
  acquiredAt!: Date;

  /** After this the fire is presumed dead (crash); leases are kept a while for diagnosis, then deleted. */
  @Column({ type: Date })
  expiresAt!: Date;

  @Column({ type: Date, nullable: true })
  completedAt!: Date | null;
}
