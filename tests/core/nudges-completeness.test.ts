import { expect } from 'chai';
import { Types } from 'mongoose';
import { COMPLETENESS_WEIGHTS, scoreProfile } from '../../core/nudges/completeness.js';

describe('core/nudges: profile completeness', () => {
  const id = new Types.ObjectId();
  const whole = {
    businessPhone: { display: '0515 481234', e164: '+31515481234' },
    photoId: id,
    jobTitle: 'Handhaver',
    skills: ['parkeren'],
    officeLocation: 'Stadskantoor',
    bio: 'Op straat.',
    departmentId: id,
    managerId: id,
  };

  it('weighs eight fields to 100, the work number first', () => {
    expect(Object.values(COMPLETENESS_WEIGHTS).reduce((a, b) => a + b, 0)).to.equal(100);
    expect(scoreProfile(whole)).to.deep.include({ score: 100, complete: true, next: null, missing: [] });
    const empty = scoreProfile({});
    expect(empty.score).to.equal(0);
    expect(empty.missing[0]).to.equal('businessPhone');
  });

  it('names the most valuable field the person can add; department and manager count but are never asked', () => {
    const c = scoreProfile({ ...whole, businessPhone: null, bio: '   ', departmentId: null, managerId: null });
    expect(c.score).to.equal(50);
    expect(c.missing).to.deep.equal(['businessPhone', 'bio', 'department', 'manager']);
    expect(c.askable).to.deep.equal(['businessPhone', 'bio']);
    expect(c.next).to.equal('businessPhone');
    expect(c.organisationGaps).to.deep.equal(['department', 'manager']);
  });

  it('never asks for what the Entra ID sync owns while it is on; those gaps go to the admins', () => {
    const c = scoreProfile(
      { ...whole, businessPhone: null, jobTitle: '', skills: [] },
      {
        ownedElsewhere: ['jobTitle', 'officeLocation', 'businessPhone', 'department', 'manager'],
      },
    );
    expect(c.score).to.equal(55);
    expect(c.askable).to.deep.equal(['skills']);
    expect(c.next).to.equal('skills');
    expect(c.organisationGaps).to.deep.equal(['businessPhone', 'jobTitle']);
  });
});
